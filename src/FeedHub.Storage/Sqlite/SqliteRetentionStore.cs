using System.Text.Json;
using Dapper;
using FeedHub.Core.Retention;
using Microsoft.Data.Sqlite;

namespace FeedHub.Storage.Sqlite;

/// <summary>Retention on SQLite: batched deletes, each its own immediate transaction of at most
/// the batch size, and incremental vacuum to hand freed pages back to the file system.</summary>
internal sealed class SqliteRetentionStore(SqliteConnectionFactory connections, TimeProvider timeProvider) : IRetentionStore
{
    private const string MarkedSources =
        "SELECT id FROM sources WHERE purge_requested_at IS NOT NULL AND purge_requested_at = deleted_at";

    // Every item of a source marked for purging goes, whatever its age.
    private const string MarkedSourcesItems =
        $"SELECT i.id, i.story_id FROM items i WHERE i.source_id IN ({MarkedSources})";

    public Task<PurgeBatch> PurgeItemsAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync(session => PurgeableItemsAsync(session, cutoff, batchSize), cancellationToken);

    public Task<PurgeBatch> PurgeSourceItemsAsync(long sourceId, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync(
            session => session.QueryAsync<(long, long)>(
                MarkedSourcesItems + " AND i.source_id = @SourceId LIMIT @BatchSize", new { SourceId = sourceId, BatchSize = batchSize }),
            cancellationToken);

    /// <summary>Source by source, so that each lookup is a range of the (source_id, last_seen_at)
    /// index: one query over all items lets SQLite scan the whole table for every batch.</summary>
    private static async Task<List<(long Id, long StoryId)>> PurgeableItemsAsync(SqliteSession session, DateTimeOffset cutoff, int limit)
    {
        List<(long Id, long StoryId)> doomed = [];
        foreach ((long sourceId, DateTimeOffset before) in await BoundsAsync(session, cutoff))
        {
            doomed.AddRange(await session.QueryAsync<(long, long)>(
                "SELECT id, story_id FROM items WHERE source_id = @SourceId AND last_seen_at < @Before LIMIT @Limit",
                new { SourceId = sourceId, Before = before, Limit = limit - doomed.Count }));
            if (doomed.Count >= limit)
            {
                break;
            }
        }

        return doomed;
    }

    /// <summary>Per source, the instant before which its items go (<see cref="RetentionPolicy.PurgeBefore"/>).</summary>
    private static async Task<List<(long SourceId, DateTimeOffset Before)>> BoundsAsync(SqliteSession session, DateTimeOffset cutoff)
    {
        List<SourceBound> sources = await session.QueryAsync<SourceBound>(
            "SELECT id, deleted_at IS NOT NULL AS removed, (SELECT max(last_seen_at) FROM items m WHERE m.source_id = s.id) AS last_listed_at FROM sources s ORDER BY id");
        List<(long, DateTimeOffset)> bounds = [];
        foreach (SourceBound source in sources)
        {
            if (RetentionPolicy.PurgeBefore(cutoff, source.LastListedAt, source.Removed != 0) is DateTimeOffset before)
            {
                bounds.Add((source.Id, before));
            }
        }

        return bounds;
    }

    public async Task<long> PurgeAuditAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using SqliteSession session = await SqliteSession.BeginWriteAsync(connections, cancellationToken);
        int deleted = await session.ExecuteAsync(
            "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < @Cutoff ORDER BY at LIMIT @BatchSize)",
            new { Cutoff = cutoff, BatchSize = batchSize });
        await session.CommitAsync();
        return deleted;
    }

    public async Task<(long Items, long Stories, long AuditEntries)> CountPurgeableAsync(DateTimeOffset? itemCutoff, DateTimeOffset? auditCutoff, CancellationToken cancellationToken)
    {
        await using SqliteSession session = await SqliteSession.BeginReadAsync(connections, cancellationToken);
        await session.ExecuteAsync(
            $"""
            CREATE TEMP TABLE IF NOT EXISTS purge_preview (id INTEGER PRIMARY KEY, story_id INTEGER NOT NULL);
            DELETE FROM temp.purge_preview;
            INSERT OR IGNORE INTO temp.purge_preview (id, story_id) {MarkedSourcesItems};
            """);
        if (itemCutoff is DateTimeOffset cutoff)
        {
            foreach ((long sourceId, DateTimeOffset before) in await BoundsAsync(session, cutoff))
            {
                await session.ExecuteAsync(
                    "INSERT OR IGNORE INTO temp.purge_preview (id, story_id) SELECT id, story_id FROM items WHERE source_id = @SourceId AND last_seen_at < @Before",
                    new { SourceId = sourceId, Before = before });
            }
        }

        (long items, long stories) = await session.QuerySingleOrDefaultAsync<(long, long)>(
            """
            SELECT (SELECT count(*) FROM temp.purge_preview),
                   (SELECT count(*) FROM stories st
                    WHERE st.merged_into IS NULL
                      AND st.id IN (SELECT story_id FROM temp.purge_preview)
                      AND NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = st.id AND i.id NOT IN (SELECT id FROM temp.purge_preview)));
            """);
        long audit = auditCutoff is null
            ? 0
            : await session.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE at < @Cutoff", new { Cutoff = auditCutoff });
        await session.ExecuteAsync("DROP TABLE temp.purge_preview");
        return (items, stories, audit);
    }

    public async Task<bool> MarkSourceForPurgeAsync(long sourceId, CancellationToken cancellationToken)
    {
        await using SqliteSession session = await SqliteSession.BeginWriteAsync(connections, cancellationToken);
        // The same instant in both columns: a source revived by adding its URL again and later
        // removed without --purge has a newer deleted_at, and is not purged by a stale mark.
        int changed = await session.ExecuteAsync(
            """
            UPDATE sources
            SET deleted_at = @Now, purge_requested_at = @Now, enabled = 0, etag = NULL, last_modified = NULL, updated_at = @Now
            WHERE id = @Id AND deleted_at IS NULL
            """,
            new { Id = sourceId, Now = timeProvider.GetUtcNow() });
        await session.CommitAsync();
        return changed > 0;
    }

    public async Task<IReadOnlyList<long>> SourcesMarkedForPurgeAsync(CancellationToken cancellationToken)
    {
        await using SqliteSession session = await SqliteSession.BeginReadAsync(connections, cancellationToken);
        return await session.QueryAsync<long>(MarkedSources + " ORDER BY id");
    }

    public async Task<bool> FinishSourcePurgeAsync(long sourceId, CancellationToken cancellationToken)
    {
        await using SqliteSession session = await SqliteSession.BeginWriteAsync(connections, cancellationToken);
        var parameters = new { Id = sourceId };
        int deleted = await session.ExecuteAsync(
            $"""
            DELETE FROM sources
            WHERE id = @Id AND id IN ({MarkedSources}) AND NOT EXISTS (SELECT 1 FROM items WHERE source_id = @Id)
            """,
            parameters);
        if (deleted > 0)
        {
            await session.ExecuteAsync("DELETE FROM source_aliases WHERE source_id = @Id", parameters);
            await ChangeVersion.BumpAsync(session);
        }

        await session.CommitAsync();
        return deleted > 0;
    }

    public async Task<long> ReclaimSpaceAsync(int maxPages, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        await using SqliteSession session = await SqliteSession.BeginWriteAsync(connections, cancellationToken);
        if (await session.ExecuteScalarAsync<long>("PRAGMA auto_vacuum") != IncrementalVacuum)
        {
            return 0;
        }

        long before = await PageBytesAsync(session);
        await session.ExecuteAsync($"PRAGMA incremental_vacuum({maxPages})");
        long after = await PageBytesAsync(session);
        await session.CommitAsync();
        return Math.Max(0, before - after);
    }

    public async Task<long> RebuildAsync(CancellationToken cancellationToken)
    {
        await using SqliteConnection connection = await connections.OpenAsync(cancellationToken);
        long before = await PageBytesAsync(connection, cancellationToken);
        // VACUUM cannot run inside a transaction; it takes the write lock itself, for its whole run.
        await connection.ExecuteAsync(new CommandDefinition(
            "PRAGMA auto_vacuum = INCREMENTAL; VACUUM;", commandTimeout: 0, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "PRAGMA wal_checkpoint(TRUNCATE)", commandTimeout: connections.CommandTimeoutSeconds, cancellationToken: cancellationToken));
        long after = await PageBytesAsync(connection, cancellationToken);
        return Math.Max(0, before - after);
    }

    public async Task<DatabaseSize> MeasureAsync(CancellationToken cancellationToken)
    {
        await using SqliteSession session = await SqliteSession.BeginReadAsync(connections, cancellationToken);
        (long bytes, long free, long mode) = await session.QuerySingleOrDefaultAsync<(long, long, long)>(
            """
            SELECT c.page_count * s.page_size, f.freelist_count * s.page_size, a.auto_vacuum
            FROM pragma_page_count() c, pragma_page_size() s, pragma_freelist_count() f, pragma_auto_vacuum() a
            """);
        return new DatabaseSize(bytes, free, mode == IncrementalVacuum);
    }

    public async Task<long> CountItemsAsync(CancellationToken cancellationToken)
    {
        await using SqliteSession session = await SqliteSession.BeginReadAsync(connections, cancellationToken);
        return await session.ExecuteScalarAsync<long>("SELECT count(*) FROM items");
    }

    public async Task RecordPurgeAsync(PurgeReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using SqliteSession session = await SqliteSession.BeginWriteAsync(connections, cancellationToken);
        await session.ExecuteAsync(
            """
            INSERT INTO purge_runs (started_at, finished_at, items, stories, audit_entries, sources, bytes_reclaimed, database_bytes)
            VALUES (@StartedAt, @FinishedAt, @Items, @Stories, @AuditEntries, @Sources, @BytesReclaimed, @DatabaseBytes)
            """,
            report);
        await session.CommitAsync();
    }

    public async Task<PurgeReport?> LastPurgeAsync(CancellationToken cancellationToken)
    {
        await using SqliteSession session = await SqliteSession.BeginReadAsync(connections, cancellationToken);
        PurgeRow? row = await session.QuerySingleOrDefaultAsync<PurgeRow>(
            """
            SELECT started_at, finished_at, items, stories, audit_entries, sources, bytes_reclaimed, database_bytes
            FROM purge_runs ORDER BY id DESC LIMIT 1
            """);
        return row is null ? null : new PurgeReport
        {
            StartedAt = row.StartedAt,
            FinishedAt = row.FinishedAt,
            Items = row.Items,
            Stories = row.Stories,
            AuditEntries = row.AuditEntries,
            Sources = row.Sources,
            BytesReclaimed = row.BytesReclaimed,
            DatabaseBytes = row.DatabaseBytes,
        };
    }

    private const long IncrementalVacuum = 2;

    /// <summary>Deletes the items <paramref name="select"/> picks, and what hangs on them, in one transaction.</summary>
    private async Task<PurgeBatch> DeleteBatchAsync(Func<SqliteSession, Task<List<(long Id, long StoryId)>>> select, CancellationToken cancellationToken)
    {
        await using SqliteSession session = await SqliteSession.BeginWriteAsync(connections, cancellationToken);
        List<(long Id, long StoryId)> doomed = await select(session);
        if (doomed.Count == 0)
        {
            return default;
        }

        var ids = new { Ids = JsonSerializer.Serialize(doomed.Select(d => d.Id)) };
        long[] touched = [.. doomed.Select(d => d.StoryId).Distinct()];
        await session.ExecuteAsync("UPDATE stories SET origin_item_id = NULL WHERE origin_item_id IN (SELECT value FROM json_each(@Ids))", ids);
        await session.ExecuteAsync("DELETE FROM story_keys WHERE item_id IN (SELECT value FROM json_each(@Ids))", ids);
        await session.ExecuteAsync("DELETE FROM items WHERE id IN (SELECT value FROM json_each(@Ids))", ids);

        // Rows of stories merged into another stay, as a source purge keeps them: they record
        // where an old story id went.
        var stories = new { StoryIds = JsonSerializer.Serialize(touched) };
        List<long> empty = await session.QueryAsync<long>(
            """
            SELECT id FROM stories
            WHERE id IN (SELECT value FROM json_each(@StoryIds)) AND merged_into IS NULL
              AND NOT EXISTS (SELECT 1 FROM items WHERE items.story_id = stories.id)
            """,
            stories);
        if (empty.Count > 0)
        {
            var gone = new { Gone = JsonSerializer.Serialize(empty) };
            await session.ExecuteAsync(
                """
                DELETE FROM story_overrides
                WHERE story_id IN (SELECT value FROM json_each(@Gone)) OR other_story_id IN (SELECT value FROM json_each(@Gone))
                """,
                gone);
            await session.ExecuteAsync("DELETE FROM stories WHERE id IN (SELECT value FROM json_each(@Gone))", gone);
        }

        var kept = touched.Except(empty).ToList();
        await StoryOrigins.RefreshAsync(session, kept, timeProvider.GetUtcNow());
        await ChangeVersion.BumpAsync(session);
        await session.CommitAsync();
        return new PurgeBatch(doomed.Count, empty.Count);
    }

    private static async Task<long> PageBytesAsync(SqliteSession session) =>
        await session.ExecuteScalarAsync<long>("SELECT c.page_count * s.page_size FROM pragma_page_count() c, pragma_page_size() s");

    private async Task<long> PageBytesAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT c.page_count * s.page_size FROM pragma_page_count() c, pragma_page_size() s",
            commandTimeout: connections.CommandTimeoutSeconds,
            cancellationToken: cancellationToken));

    private sealed class PurgeRow
    {
        public DateTimeOffset StartedAt { get; set; }
        public DateTimeOffset FinishedAt { get; set; }
        public long Items { get; set; }
        public long Stories { get; set; }
        public long AuditEntries { get; set; }
        public long Sources { get; set; }
        public long BytesReclaimed { get; set; }
        public long DatabaseBytes { get; set; }
    }

    private sealed class SourceBound
    {
        public long Id { get; set; }
        public long Removed { get; set; }
        public DateTimeOffset? LastListedAt { get; set; }
    }
}
