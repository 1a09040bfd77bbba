#!/usr/bin/env python3
"""WAL frames (pages) a changed poll's writes dirty, on a copy of a farm database (docs/benchmarks.md,
"The changed poll, fifth pass").

    python3 wal_frames_probe.py COPY.db ["SQL run first, e.g. DROP INDEX ..."]

For each of eight sources, three transactions replay what a changed poll with one new entry writes,
each from an emptied WAL: the touch of the source's 19 latest items (last_seen_at), the insert of
one new item (a copy of its latest, so every index and the FTS triggers see a real row), and its
story keys (the previous item's keys at the new time, in the previous item's story). The frames each
COMMIT appends are printed. It writes to the file: run it on a copy, never on a live database.
"""
import os
import sqlite3
import sys

db = sys.argv[1]
connection = sqlite3.connect(db, isolation_level=None)
connection.execute("PRAGMA wal_autocheckpoint=0")
if len(sys.argv) > 2:
    connection.executescript(sys.argv[2])
NEW_TIME = "'2026-12-02T23:00:00.0000000+00:00'"
COLUMNS = ("guid,author,categories,enclosures,updated_at,first_seen_at,last_seen_at,revised_at,revision_count,"
           "content_hash,fingerprint,story_id,match_text,credits,story_rule,story_score,story_reason,language,"
           "search_text,blocked_by,title,summary,content")


def frames():
    wal = db + "-wal"
    return (os.path.getsize(wal) - 32) // (4096 + 24) if os.path.exists(wal) else 0


def measured(*statements):
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("BEGIN")
    for statement in statements:
        connection.execute(statement)
    connection.execute("COMMIT")
    return frames()


totals = {}
for source in (101, 2002, 5003, 7004, 9005, 333, 4444, 6666):
    latest = f"SELECT id FROM items WHERE source_id = {source} ORDER BY id DESC"
    parts = {
        "touch": measured(f"UPDATE items SET last_seen_at = '2026-12-03T00:00:00.0000000+00:00' WHERE id IN ({latest} LIMIT 19)"),
        "item": measured(
            f"INSERT INTO items (source_id, item_key, link, canonical_link, raw_hash, published_at, {COLUMNS}) "
            f"SELECT source_id, item_key || 'x', link || 'x', canonical_link || 'x', raw_hash || 'x', {NEW_TIME}, {COLUMNS} "
            f"FROM items WHERE id = ({latest} LIMIT 1)"),
        "keys": measured(
            f"INSERT INTO story_keys (key, published_at, item_id, story_id) "
            f"SELECT key, {NEW_TIME}, ({latest} LIMIT 1), story_id FROM story_keys WHERE item_id = ({latest} LIMIT 1 OFFSET 1)"),
    }
    for part, count in parts.items():
        totals[part] = totals.get(part, 0) + count
    print(source, parts)
print("total", totals)
