using System.Data.Common;
using System.Reflection;
using Dapper;
using FeedHub.Core.Items;
using FeedHub.Core.Retention;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;
using FeedHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SQLitePCL;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>The statements every poll sends are prepared once per native SQLite connection and
/// reused: across opens of a pooled connection, after a schema change, after a failed read; they
/// read what Dapper reads, and they go with the connection when the pool closes it.</summary>
[Collection(ProcessWideSqlitePool.Name)]
public sealed class SqliteStatementCacheTests
{
    private const string FindSql = $"SELECT {SourceRow.Columns} FROM sources WHERE id = @Id AND deleted_at IS NULL";

    // SQLITE_STMTSTATUS_RUN (sqlite3.h), which SQLitePCL does not name: how often the statement ran.
    private const int StatementRuns = 6;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_source_load_is_prepared_once_and_reads_what_Dapper_reads()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource bare = await db.AddSourceAsync("https://example.test/bare.xml");
        FeedSource full = await db.AddSourceAsync("https://example.test/full.xml", isOrigin: true, title: "Full");
        FillEveryColumn(db, full.Id);
        IConnectionFactory connections = db.Services.GetRequiredService<StorageBackend>().Database.Connections;

        sqlite3_stmt? first = null;
        int runsBefore = 0;
        for (int round = 0; round < 50; round++)
        {
            await using DbConnection connection = await connections.OpenAsync(Ct);
            SqliteStatementCache cache = SqliteStatementCache.For(connection)!;
            foreach (long id in new[] { bare.Id, full.Id, full.Id + 1000 })
            {
                SourceRow? plain = await connection.QuerySingleOrDefaultAsync<SourceRow>(FindSql, new { Id = id });
                SourceRow? cached = cache.QueryFirstOrDefault<SourceRow>(FindSql, new { Id = id }, Ct);
                AssertSameRow(plain, cached);
            }

            // One pooled native connection, one statement (which the store's upserts ran before), run
            // again and again.
            if (first is null)
            {
                first = cache.Cached(FindSql)!;
                runsBefore = raw.sqlite3_stmt_status(first, StatementRuns, 0) - 3;
            }

            Assert.Same(first, cache.Cached(FindSql));
            Assert.Equal(runsBefore + ((round + 1) * 3), raw.sqlite3_stmt_status(first, StatementRuns, 0));
        }

        // The full row really is full: the comparison above covered every column with a value.
        SourceRow fullRow = (await QueryOnceAsync(connections, full.Id))!;
        Assert.All(typeof(SourceRow).GetProperties(), property => Assert.NotNull(property.GetValue(fullRow)));
    }

    [Fact]
    public async Task The_store_polls_through_the_cache_and_records_what_the_plain_path_would()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://example.test/feed.xml");
        IConnectionFactory connections = db.Services.GetRequiredService<StorageBackend>().Database.Connections;

        for (int poll = 1; poll <= 20; poll++)
        {
            DateTimeOffset checkedAt = StorageTestDatabase.Start.AddMinutes(poll);
            PollOutcome outcome = poll % 5 == 0
                ? new PollOutcome { CheckedAt = checkedAt, HttpStatus = 503, Error = $"HTTP 503 at poll {poll}", NextDueAt = checkedAt.AddMinutes(2) }
                : new PollOutcome { CheckedAt = checkedAt, HttpStatus = 304, NextDueAt = checkedAt.AddMinutes(1) };
            await db.Sources.RecordPollAsync(source.Id, outcome, Ct);

            FeedSource stored = (await db.Sources.GetAsync(source.Id, Ct))!;
            Assert.Equal(checkedAt, stored.LastCheckedAt);
            Assert.Equal(poll % 5 == 0 ? 1 : 0, stored.ConsecutiveFailures);
            Assert.Equal(poll % 5 == 0 ? $"HTTP 503 at poll {poll}" : null, stored.LastError);
            Assert.Equal(poll % 5 == 0 ? 503 : 304, stored.LastHttpStatus);
        }

        Assert.Equal(20L, db.Scalar("SELECT poll_count FROM sources WHERE id = @Id", new { source.Id }));
        Assert.Equal(16L, db.Scalar("SELECT not_modified_count FROM sources WHERE id = @Id", new { source.Id }));
        await using DbConnection connection = await connections.OpenAsync(Ct);
        Assert.NotNull(SqliteStatementCache.For(connection)!.Cached(FindSql));
    }

    [Fact]
    public async Task A_304s_or_a_failures_record_is_the_update_alone_without_reading_the_row_first()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://example.test/feed.xml");

        DateTimeOffset at = StorageTestDatabase.Start.AddMinutes(1);
        await db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = at, HttpStatus = 304, NextDueAt = at.AddMinutes(15) }, Ct);
        await db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = at, HttpStatus = 503, Error = "HTTP 503", NextDueAt = at.AddMinutes(2) }, Ct);

        IReadOnlyCollection<string> prepared = WriterStatements(db).CachedSql;
        Assert.Contains(prepared, sql => sql.StartsWith("UPDATE sources", StringComparison.Ordinal));
        Assert.DoesNotContain(prepared, sql => sql.StartsWith("SELECT id, url, url_key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_polls_lookups_touch_and_version_bump_are_prepared_once()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://example.test/feed.xml");
        List<FeedItem> items = [.. TestItems.Many(20).Select((item, i) => item with { RawHash = $"raw-{i}" })];
        await db.Items.CommitRefreshAsync(source.Id, items, TestItems.Ok(db.Clock.GetUtcNow()), Ct);

        const int Polls = 10;
        for (int poll = 1; poll <= Polls; poll++)
        {
            // As a poll of a window that moves by one: the known entries looked up and touched, one new.
            db.Clock.Advance(LastSeen.Precision / 4);
            IReadOnlyList<KnownItem> known = await db.Items.FindKnownAsync(source.Id, [.. items.Skip(poll).Select(item => item.RawHash!)], Ct);
            Assert.Equal(20 - poll, known.Count);
            Assert.All(known, row => Assert.Equal(items.Single(item => item.RawHash == row.RawHash).ItemKey, row.ItemKey));
            FeedItem added = TestItems.Item($"new-{poll}") with { RawHash = $"raw-new-{poll}" };
            StoreResult stored = await db.Items.CommitRefreshAsync(
                source.Id, [added], TestItems.Ok(db.Clock.GetUtcNow()) with { ListedItemIds = [.. known.Select(row => row.Id)] }, Ct);
            Assert.Equal(new StoreResult(1, 0, 20 - poll), stored);
        }

        // Each ran once per poll on one prepared statement: the lookup on a pooled native connection
        // (the one this sequence of reads reuses), the write's statements on the writer's own.
        await using DbConnection connection = await db.Services.GetRequiredService<StorageBackend>().Database.Connections.OpenAsync(Ct);
        foreach ((SqliteStatementCache cache, string fragment) in new[]
        {
            (SqliteStatementCache.For(connection)!, "SELECT id, raw_hash, item_key, guid, canonical_link, content_hash FROM items"),
            (WriterStatements(db), "SELECT id, item_key, content_hash, raw_hash, story_id, published_at, categories, CASE WHEN search_text IS NULL THEN 1 ELSE 0 END AS unindexed FROM items"),
            (WriterStatements(db), "SELECT count(*) AS listed_count"),
            (WriterStatements(db), "UPDATE feed_version SET version = version + 1"),
            (WriterStatements(db), "SELECT keep_rules, block_rules FROM sources"),
        })
        {
            string sql = Assert.Single(cache.CachedSql, cached => cached.Contains(fragment, StringComparison.Ordinal));
            Assert.True(raw.sqlite3_stmt_status(cache.Cached(sql)!, StatementRuns, 0) >= Polls, fragment);
        }

        // The touch runs only for times at least their precision old (a few of the ten polls, each a
        // quarter of it after the last), on one prepared statement too.
        string touch = Assert.Single(WriterStatements(db).CachedSql, cached => cached.Contains("UPDATE items SET last_seen_at = @Now", StringComparison.Ordinal));
        Assert.InRange(raw.sqlite3_stmt_status(WriterStatements(db).Cached(touch)!, StatementRuns, 0), 2, Polls - 1);

        // Both find the listed rows by id: not by walking the source's items in an index of its own.
        string count = Assert.Single(WriterStatements(db).CachedSql, cached => cached.Contains("SELECT count(*) AS listed_count", StringComparison.Ordinal));
        foreach (string sql in new[] { count, touch })
        {
            IEnumerable<dynamic> steps = connection.Query($"EXPLAIN QUERY PLAN {sql}", new { SourceId = source.Id, Ids = "[1,2,3]", StaleUpTo = "2026-01-01", Now = "2026-01-01" });
            string plan = string.Join(" | ", steps.Select(step => (string)step.detail));
            Assert.Contains("USING INTEGER PRIMARY KEY", plan, StringComparison.Ordinal);
        }
        Assert.Equal(Polls, db.Scalar("SELECT count(*) FROM items WHERE item_key LIKE '%new-%'"));
    }

    [Fact]
    public async Task A_new_items_story_origin_is_chosen_on_statements_prepared_once()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://example.test/feed.xml");
        const int Polls = 10;
        for (int poll = 1; poll <= Polls; poll++)
        {
            db.Clock.Advance(TimeSpan.FromMinutes(15));
            StoreResult stored = await db.Items.CommitRefreshAsync(source.Id, [TestItems.Item($"new-{poll}")], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
            Assert.Equal(1, stored.Added);
        }

        SqliteStatementCache cache = WriterStatements(db);
        foreach (string fragment in new[]
        {
            "SELECT id, story_id, source_id, published_at, credits, canonical_link FROM items",
            "SELECT id, is_origin, title, credits FROM sources",
            "SET origin_item_id = @OriginItemId",
        })
        {
            string sql = Assert.Single(cache.CachedSql, cached => cached.Contains(fragment, StringComparison.Ordinal));
            Assert.True(raw.sqlite3_stmt_status(cache.Cached(sql)!, StatementRuns, 0) >= Polls, fragment);
        }

        // Each new item's story has it as its origin, with the item's link and time.
        Assert.Equal(0L, db.Scalar(
            """
            SELECT count(*) FROM items i JOIN stories s ON s.id = i.story_id
            WHERE s.origin_item_id IS NOT i.id OR s.canonical_link IS NOT i.canonical_link OR s.published_at IS NOT i.published_at
            """));
        Assert.Equal((long)Polls, db.Scalar("SELECT count(*) FROM stories WHERE origin_item_id IS NOT NULL"));
    }

    [Fact]
    public async Task A_new_items_candidates_and_boilerplate_are_read_on_statements_prepared_once()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource mediaCenter = await db.AddSourceAsync("https://mc.example.test/feed.xml", isOrigin: true);
        FeedSource portal = await db.AddSourceAsync("https://portal.example.test/feed.xml");
        const int Polls = 10;
        for (int poll = 1; poll <= Polls; poll++)
        {
            // The portal's copy carries the release's canonical link: the link read finds the
            // release's story, whose copies are then read as a candidate.
            db.Clock.Advance(TimeSpan.FromMinutes(15));
            string link = $"https://mc.example.test/berita/{poll}";
            Assert.Equal(1, (await db.Items.CommitRefreshAsync(mediaCenter.Id, [TestItems.Item($"mc-{poll}", link)], TestItems.Ok(db.Clock.GetUtcNow()), Ct)).Added);
            Assert.Equal(1, (await db.Items.CommitRefreshAsync(portal.Id, [TestItems.Item($"p-{poll}", link)], TestItems.Ok(db.Clock.GetUtcNow()), Ct)).Added);
        }

        SqliteStatementCache cache = WriterStatements(db);
        foreach ((string fragment, int runs) in new[]
        {
            ("FROM items WHERE source_id = @SourceId AND match_text IS NOT NULL ORDER BY id DESC", 2 * Polls),
            ("SELECT canonical_link, story_id FROM items WHERE", 2 * Polls),
            ("SELECT id, story_id, source_id, canonical_link, published_at, content_hash", Polls),
        })
        {
            List<string> statements = [.. cache.CachedSql.Where(cached => cached.Contains(fragment, StringComparison.Ordinal))];
            Assert.NotEmpty(statements);
            Assert.True(statements.Sum(sql => raw.sqlite3_stmt_status(cache.Cached(sql)!, StatementRuns, 0)) >= runs, fragment);
        }

        // Each copy joined its release's story.
        Assert.Equal((long)Polls, db.Scalar("SELECT count(DISTINCT story_id) FROM items"));
        Assert.Equal(0L, db.Scalar("SELECT count(*) FROM items p JOIN items m ON m.canonical_link = p.canonical_link AND m.id <> p.id WHERE m.story_id <> p.story_id"));
    }

    [Fact]
    public async Task New_items_are_inserted_on_a_statement_prepared_once_bound_by_position()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://mc.example.test/feed.xml");
        const int Polls = 6;
        for (int poll = 1; poll <= Polls; poll++)
        {
            db.Clock.Advance(TimeSpan.FromMinutes(15));
            FeedItem[] items = [TestItems.Item($"a-{poll}", $"https://mc.example.test/a/{poll}"), TestItems.Item($"b-{poll}", $"https://mc.example.test/b/{poll}")];
            Assert.Equal(2, (await db.Items.CommitRefreshAsync(source.Id, items, TestItems.Ok(db.Clock.GetUtcNow()), Ct)).Added);
        }

        // One statement for every write's inserts (the provider compiled it again for each write
        // and looked each of its 27 parameters up by name for each row).
        SqliteStatementCache cache = WriterStatements(db);
        string insert = Assert.Single(cache.CachedSql, sql => sql.StartsWith("INSERT INTO items (", StringComparison.Ordinal));
        Assert.True(raw.sqlite3_stmt_status(cache.Cached(insert)!, StatementRuns, 0) >= 2 * Polls);
        Assert.Equal(2L * Polls, db.Scalar("SELECT count(*) FROM items WHERE source_id = @Id AND search_text <> '' AND match_text IS NOT NULL", new { source.Id }));
    }

    [Fact]
    public async Task A_repeated_insert_stores_the_values_Dapper_stores()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        db.Execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, text, absent, number, score, no_score, at, no_at)");
        const string Sql = "INSERT INTO scratch (text, absent, number, score, no_score, at, no_at) VALUES (@Text, @Absent, @Number, @Score, @NoScore, @At, @NoAt) RETURNING id";
        ScratchRow[] rows =
        [
            new("Banjarmasin — Rp1,5 miliar 😀 \u0000x", null, long.MinValue, 0.1 + 0.2, null, new DateTimeOffset(2024, 5, 7, 10, 11, 12, 345, TimeSpan.FromHours(8)).AddTicks(6789), null),
            new("", null, 0, -0.0, null, DateTimeOffset.MinValue, new DateTimeOffset(2999, 12, 31, 23, 59, 59, TimeSpan.Zero)),
            new("kata", "ada", long.MaxValue, 1e300, 2.5, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddTicks(1)),
        ];

        IConnectionFactory connections = db.Services.GetRequiredService<StorageBackend>().Database.Connections;
        await using DbConnection connection = await connections.OpenAsync(Ct);
        await using (DbTransaction transaction = await connection.BeginTransactionAsync(Ct))
        {
            await using (var repeated = new RepeatedCommand<ScratchRow>(connection, transaction, 30, Sql))
            {
                foreach (ScratchRow row in rows)
                {
                    long id = await repeated.ExecuteScalarInt64Async(row, Ct);
                    long plain = await connection.ExecuteScalarAsync<long>(Sql, row, transaction);
                    Assert.Equal(id + 1, plain);
                }
            }

            await transaction.CommitAsync(Ct);
        }

        Assert.NotNull(SqliteStatementCache.For(connection)!.Cached(Sql));
        // Row by row, each value as stored (its type and bytes, through quote()) is the same.
        List<string> stored = [.. await connection.QueryAsync<string>(
            "SELECT quote(text) || '|' || quote(absent) || '|' || quote(number) || '|' || quote(score) || '|' || quote(no_score) || '|' || quote(at) || '|' || quote(no_at) || '|' || hex(text) FROM scratch ORDER BY id")];
        Assert.Equal(2 * rows.Length, stored.Count);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(stored[(2 * i) + 1], stored[2 * i]);
        }
    }

    private sealed record ScratchRow(string Text, string? Absent, long Number, double Score, double? NoScore, DateTimeOffset At, DateTimeOffset? NoAt);

    [Fact]
    public async Task The_batch_writers_savepoints_are_prepared_once_and_a_write_alone_in_its_batch_runs_without_one()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://example.test/feed.xml");
        const int Polls = 10;
        const string Savepoint = "SAVEPOINT poll_write";
        const string Release = "RELEASE SAVEPOINT poll_write";

        // One after the other, each poll's write is the first and only of its batch: no savepoint
        // (a statement journal under one walks the whole sub-journal; docs/benchmarks.md).
        for (int poll = 1; poll <= Polls; poll++)
        {
            DateTimeOffset at = StorageTestDatabase.Start.AddMinutes(poll);
            await db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = at, HttpStatus = 304, NextDueAt = at.AddMinutes(15) }, Ct);
        }

        SqliteStatementCache cache = WriterStatements(db);
        Assert.Null(cache.Cached(Savepoint));
        Assert.Null(cache.Cached(Release));

        // Queued together while another connection holds the write lock, they share one batch: all
        // but the first under a savepoint, sent on one prepared statement.
        Task[] queued;
        using (SqliteConnection holder = db.OpenRaw())
        {
            using SqliteTransaction held = holder.BeginTransaction(deferred: false);
            queued = [.. Enumerable.Range(Polls + 1, Polls).Select(poll =>
            {
                DateTimeOffset at = StorageTestDatabase.Start.AddMinutes(poll);
                return db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = at, HttpStatus = 304, NextDueAt = at.AddMinutes(15) }, Ct);
            })];
            held.Rollback();
        }

        await Task.WhenAll(queued);
        foreach (string sql in new[] { Savepoint, Release })
        {
            Assert.Equal(Polls - 1, raw.sqlite3_stmt_status(cache.Cached(sql) ?? throw new Xunit.Sdk.XunitException($"{sql} is not cached"), StatementRuns, 0));
        }

        Assert.Equal(2 * Polls, db.Scalar("SELECT not_modified_count FROM sources WHERE id = @Id", new { source.Id }));
    }

    [Fact]
    public async Task The_list_of_sources_is_read_through_the_cache_as_Dapper_reads_it()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource bare = await db.AddSourceAsync("https://example.test/bare.xml");
        FeedSource full = await db.AddSourceAsync("https://example.test/full.xml", isOrigin: true, title: "Full");
        FillEveryColumn(db, full.Id);

        IReadOnlyList<FeedSource> listed = await db.Sources.ListAsync(Ct);

        const string ListSql = $"SELECT {SourceRow.Columns} FROM sources WHERE deleted_at IS NULL ORDER BY id";
        Assert.Equal([bare.Id, full.Id], listed.Select(source => source.Id));
        Assert.Equal("Full", listed[1].Title);
        await using DbConnection connection = await db.Services.GetRequiredService<StorageBackend>().Database.Connections.OpenAsync(Ct);
        SqliteStatementCache cache = SqliteStatementCache.For(connection)!;
        Assert.NotNull(cache.Cached(ListSql));
        List<SourceRow> plain = db.Query<SourceRow>(ListSql);
        List<SourceRow> cached = cache.Query<SourceRow>(ListSql, new { }, Ct);
        Assert.Equal(plain.Count, cached.Count);
        for (int i = 0; i < plain.Count; i++)
        {
            AssertSameRow(plain[i], cached[i]);
        }
    }

    [Fact]
    public async Task A_cached_statement_survives_a_schema_change_and_a_failed_read()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://example.test/feed.xml", title: "Before");
        IConnectionFactory connections = db.Services.GetRequiredService<StorageBackend>().Database.Connections;
        await using DbConnection connection = await connections.OpenAsync(Ct);
        SqliteStatementCache cache = SqliteStatementCache.For(connection)!;
        Assert.Equal("Before", cache.QueryFirstOrDefault<SourceRow>(FindSql, new { source.Id }, Ct)!.Title);
        sqlite3_stmt statement = cache.Cached(FindSql)!;

        // Another connection changes the schema and the row: the statement recompiles itself.
        db.Execute("ALTER TABLE sources ADD COLUMN statement_cache_test TEXT");
        db.Execute("UPDATE sources SET title = 'After' WHERE id = @Id", new { source.Id });
        Assert.Equal("After", cache.QueryFirstOrDefault<SourceRow>(FindSql, new { source.Id }, Ct)!.Title);
        Assert.Same(statement, cache.Cached(FindSql));

        // A read that fails on the row leaves the statement reset, not stopped mid-read with its
        // read transaction open: a write from elsewhere is then seen.
        Assert.Throws<InvalidDataException>(() =>
            cache.QueryEach(FindSql, new { source.Id }, _ => throw new InvalidDataException(), Ct));
        Assert.Equal(0, raw.sqlite3_stmt_busy(statement));
        db.Execute("UPDATE sources SET title = 'Later' WHERE id = @Id", new { source.Id });
        Assert.Equal("Later", cache.QueryFirstOrDefault<SourceRow>(FindSql, new { source.Id }, Ct)!.Title);

        // A parameter without a value fails, and the statement is still usable.
        Assert.Throws<InvalidOperationException>(() => cache.QueryFirstOrDefault<SourceRow>(FindSql, new { Other = 1 }, Ct));
        Assert.Equal("Later", cache.QueryFirstOrDefault<SourceRow>(FindSql, new { source.Id }, Ct)!.Title);

        // The same statement asked for while it is being read gets one of its own.
        string? nested = null;
        cache.QueryEach(FindSql, new { source.Id }, row =>
        {
            nested = cache.QueryFirstOrDefault<SourceRow>(FindSql, new { source.Id }, Ct)!.Title + "/" + row.String(2);
            return false;
        }, Ct);
        Assert.Equal("Later/Later", nested);
        Assert.Same(statement, cache.Cached(FindSql));
    }

    [Fact]
    public async Task The_statements_are_finalized_when_the_pool_closes_the_connection()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://example.test/feed.xml");
        IConnectionFactory connections = db.Services.GetRequiredService<StorageBackend>().Database.Connections;
        sqlite3_stmt statement;
        await using (DbConnection connection = await connections.OpenAsync(Ct))
        {
            SqliteStatementCache cache = SqliteStatementCache.For(connection)!;
            Assert.NotNull(cache.QueryFirstOrDefault<SourceRow>(FindSql, new { source.Id }, Ct));
            statement = cache.Cached(FindSql)!;
            SqliteConnection.ClearPool((SqliteConnection)connection);
        }

        Assert.True(statement.IsClosed);
        // A new native connection starts a new cache.
        Assert.Equal(source.Url, (await QueryOnceAsync(connections, source.Id))!.Url);
    }

    /// <summary>The statements of the batch writer's own connection, where the poll writes run
    /// (read between batches, as the writer is idle then).</summary>
    private static SqliteStatementCache WriterStatements(StorageTestDatabase db) =>
        ((SqliteBatchWriter)db.Services.GetRequiredService<StorageBackend>().Writes).Statements
        ?? throw new Xunit.Sdk.XunitException("The writer has not opened its connection.");

    private static async Task<SourceRow?> QueryOnceAsync(IConnectionFactory connections, long id)
    {
        await using DbConnection connection = await connections.OpenAsync(Ct);
        return SqliteStatementCache.For(connection)!.QueryFirstOrDefault<SourceRow>(FindSql, new { Id = id }, Ct);
    }

    private static void FillEveryColumn(StorageTestDatabase db, long id) => db.Execute(
        """
        UPDATE sources SET
            site_url = 'https://example.test/', tags = '["a","b"]', interval_seconds = 600, credits = '["c"]',
            etag = '"e1"', last_modified = 'Wed, 07 May 2025 03:00:00 GMT',
            last_checked_at = '2025-05-07T03:00:00.1234567Z', last_success_at = '2025-05-07T03:00:00.0000000Z',
            next_due_at = '2025-05-07T04:00:00.0000000Z', consecutive_failures = 2, last_error = 'boom',
            last_http_status = 503, retry_after_until = '2025-05-07T05:00:00.0000000Z', skipped_entries = 3,
            feed_language = 'id', feed_description = 'Berita', feed_image_url = 'https://example.test/logo.png',
            feed_updated_at = '2025-05-06T03:00:00.0000000Z', user_agent = 'FeedHubTest/1',
            request_headers = '{"X-Test":"1"}', fetch_timeout_ms = 5000, max_response_bytes = 1048576,
            keep_rules = '[]', block_rules = '[]', poll_cadence = '{}', effective_interval_seconds = 900,
            interval_reason = 'test', document_hash = '0123456789abcdef0123456789abcdef'
        WHERE id = @Id
        """,
        new { Id = id });

    private static void AssertSameRow(SourceRow? expected, SourceRow? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        foreach (PropertyInfo property in typeof(SourceRow).GetProperties())
        {
            Assert.Equal(property.GetValue(expected), property.GetValue(actual));
        }
    }
}
