using Dapper;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Storage;
using FeedHub.Storage.Copying;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FeedHub.IntegrationTests.Storage;

/// <summary><c>storage copy</c> between two SQLite files: every table of the schema, row for row,
/// ids kept; an occupied target refused; writers kept out of the source while it runs.</summary>
public sealed class StorageCopyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_table_of_the_schema_arrives_row_for_row_with_its_ids()
    {
        await using StorageTestDatabase source = await StorageTestDatabase.CreateAsync();
        await using StorageTestDatabase target = await StorageTestDatabase.CreateAsync(migrate: false);
        await FillEveryTableAsync(source);
        List<string> schemaTables = Tables(source);
        string[] emptyInSource = [.. schemaTables.Where(table => source.Scalar($"SELECT count(*) FROM \"{table}\"") == 0)];

        var progress = new List<CopyProgress>();
        CopyReport report = await Copier(source, target).CopyAsync(7, new SynchronousProgress(progress.Add), Ct);

        // A table a new migration adds must be given rows above, or this test cannot see it copied.
        Assert.True(emptyInSource.Length == 0, $"the test data leaves {string.Join(", ", emptyInSource)} empty");
        Assert.Equal(schemaTables.Where(table => table != DatabaseCopier.HistoryTable), report.Tables.Select(table => table.Table).Order(StringComparer.Ordinal));
        Assert.True(report.Matches);
        foreach (string table in schemaTables.Where(table => table != DatabaseCopier.HistoryTable))
        {
            Assert.Equal(Rows(source, table), Rows(target, table));
        }

        // story_ids' AUTOINCREMENT sequence: a new story in the copy gets an id never handed out.
        Assert.Equal(
            source.Scalar("SELECT seq FROM sqlite_sequence WHERE name = 'story_ids'"),
            target.Scalar("SELECT seq FROM sqlite_sequence WHERE name = 'story_ids'"));
        Assert.Contains(progress, step => step.Table == "items" && step.Copied == 7);
        Assert.Contains(progress, step => step.Table == "items" && step.Copied == step.Total && step.Total == source.Scalar("SELECT count(*) FROM items"));
        Assert.Empty(await target.Migrator.PendingMigrationsAsync(Ct));
    }

    [Fact]
    public async Task The_copy_keeps_working_as_a_database_new_stories_get_new_ids()
    {
        await using StorageTestDatabase source = await StorageTestDatabase.CreateAsync();
        await using StorageTestDatabase target = await StorageTestDatabase.CreateAsync(migrate: false);
        await FillEveryTableAsync(source);
        long highest = source.Scalar("SELECT max(id) FROM story_ids");

        await Copier(source, target).CopyAsync(1000, null, Ct);
        FeedSource portal = (await target.Sources.ListAsync(Ct))[0];
        await target.Items.CommitRefreshAsync(portal.Id, [TestItems.Item("after-the-copy")], TestItems.Ok(target.Clock.GetUtcNow()), Ct);

        Assert.True(target.Scalar("SELECT story_id FROM items WHERE item_key = 'after-the-copy'") > highest);
    }

    [Fact]
    public async Task A_target_holding_data_is_refused_and_left_as_it_was()
    {
        await using StorageTestDatabase source = await StorageTestDatabase.CreateAsync();
        await using StorageTestDatabase target = await StorageTestDatabase.CreateAsync();
        await FillEveryTableAsync(source);
        await target.AddSourceAsync("http://127.0.0.1:9/already-here");

        InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Copier(source, target).CopyAsync(1000, null, Ct));

        Assert.StartsWith("The target database is not empty (sources has 1 rows)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, target.Scalar("SELECT count(*) FROM sources"));
        Assert.Equal(0, target.Scalar("SELECT count(*) FROM items"));
    }

    [Fact]
    public async Task The_configured_database_is_refused_as_its_own_target()
    {
        await using StorageTestDatabase source = await StorageTestDatabase.CreateAsync();

        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => Copier(source, source));

        Assert.Contains("is the configured database itself", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_a_fresh_migration_inserts_are_only_in_the_tables_the_copy_replaces()
    {
        await using StorageTestDatabase fresh = await StorageTestDatabase.CreateAsync();

        string[] filled = [.. Tables(fresh).Where(table => table != DatabaseCopier.HistoryTable && fresh.Scalar($"SELECT count(*) FROM \"{table}\"") > 0)];

        Assert.Equal(DatabaseCopier.TablesFilledByMigrations.Order(StringComparer.Ordinal), filled.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_worker_writing_to_the_source_during_the_copy_waits_and_fails_instead_of_being_lost()
    {
        await using StorageTestDatabase source = await StorageTestDatabase.CreateAsync();
        await using StorageTestDatabase target = await StorageTestDatabase.CreateAsync(migrate: false);
        await FillEveryTableAsync(source);
        long before = source.Scalar("SELECT count(*) FROM sources");
        Exception? writeDuringCopy = null;

        await Copier(source, target).CopyAsync(1000, new SynchronousProgress(step =>
        {
            if (step.Table == "items" && writeDuringCopy is null)
            {
                using var writer = new SqliteConnection($"Data Source={source.FilePath};Pooling=False;Default Timeout=1");
                writer.Open();
                writer.Execute("PRAGMA busy_timeout = 200");
                writeDuringCopy = Record.Exception(() => writer.Execute(
                    "INSERT INTO sources (url, url_key, created_at, updated_at) VALUES ('http://127.0.0.1:9/late', 'http://127.0.0.1:9/late', 'x', 'x')"));
            }
        }), Ct);

        SqliteException busy = Assert.IsType<SqliteException>(writeDuringCopy);
        Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY
        Assert.Equal(before, target.Scalar("SELECT count(*) FROM sources"));
        Assert.Equal(before, source.Scalar("SELECT count(*) FROM sources"));
    }

    internal static DatabaseCopier Copier(StorageTestDatabase source, StorageTestDatabase target) => DatabaseCopier.Create(
        new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={source.FilePath}" },
        new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={target.FilePath}" },
        NullLoggerFactory.Instance,
        TimeProvider.System);

    /// <summary>Rows in every table of the schema, through the stores where a port writes them and
    /// by hand where only the admin stores (not wired here) or a redirect would.</summary>
    internal static async Task FillEveryTableAsync(StorageTestDatabase db)
    {
        FeedSource origin = await db.AddSourceAsync("http://127.0.0.1:9/mc-kalsel", isOrigin: true, title: "MC Kalsel");
        FeedSource portal = await db.AddSourceAsync("http://127.0.0.1:9/portal", title: "Portal Banjar – berita");
        await db.Items.CommitRefreshAsync(origin.Id, TestItems.Many(20, prefix: "rilis"), TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        db.Clock.Advance(TimeSpan.FromMinutes(5));
        await db.Items.CommitRefreshAsync(portal.Id, [.. TestItems.Many(12, prefix: "rilis"), .. TestItems.Many(5, prefix: "lokal")], TestItems.Ok(db.Clock.GetUtcNow()), Ct);

        IStoryAdminStore stories = db.Services.GetRequiredService<IStoryAdminStore>();
        long split = db.Scalar("SELECT id FROM items WHERE source_id = @Id AND item_key = 'rilis-00003'", new { portal.Id });
        Assert.NotNull(await stories.SplitAsync(split, "cli", Ct));
        long a = db.Scalar("SELECT story_id FROM items WHERE source_id = @Id AND item_key = 'lokal-00001'", new { portal.Id });
        long b = db.Scalar("SELECT story_id FROM items WHERE source_id = @Id AND item_key = 'lokal-00002'", new { portal.Id });
        Assert.NotNull(await stories.MergeAsync(a, b, "ops", Ct));
        await db.Services.GetRequiredService<ISettingsStore>().GetOrAddAsync("copy-test", "Kalimantan Selatan ✓", Ct);

        using SqliteConnection raw = db.OpenRaw();
        raw.Execute(
            """
            INSERT INTO configured_sources (url_key, source_id, applied, applied_at)
            VALUES ('http://127.0.0.1:9/mc-kalsel', @Origin, '{"Url":"http://127.0.0.1:9/mc-kalsel"}', '2025-05-07T03:00:00.0000000Z');
            INSERT INTO source_aliases (url_key, url, source_id, created_at)
            VALUES ('http://127.0.0.1:9/portal-old', 'http://127.0.0.1:9/portal-old', @Portal, '2025-05-07T03:00:00.0000000Z');
            INSERT INTO audit_log (at, actor, action, source_id, details)
            VALUES ('2025-05-07T03:00:00.0000000Z', 'cli', 'add', @Origin, 'added MC Kalsel');
            INSERT INTO purge_runs (started_at, finished_at, items, stories, audit_entries, sources, bytes_reclaimed, database_bytes)
            VALUES ('2025-05-07T04:00:00.0000000Z', '2025-05-07T04:00:01.0000000Z', 3, 1, 2, 0, 4096, 167936);
            INSERT INTO purged_months (month_start) VALUES ('2024-01-01T00:00:00.0000000Z');
            """,
            new { Origin = origin.Id, Portal = portal.Id });
    }

    internal static List<string> Tables(StorageTestDatabase db)
    {
        using SqliteConnection raw = db.OpenRaw();
        return [.. raw.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")];
    }

    /// <summary>Every row of a table as text with each value's storage class, in a fixed order.</summary>
    private static List<string> Rows(StorageTestDatabase db, string table)
    {
        using SqliteConnection raw = db.OpenRaw();
        using SqliteCommand select = raw.CreateCommand();
        select.CommandText = $"SELECT * FROM \"{table}\"";
        using SqliteDataReader reader = select.ExecuteReader();
        List<string> rows = [];
        while (reader.Read())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "NULL" : $"{reader.GetFieldType(i).Name}:{Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)}")));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private sealed class SynchronousProgress(Action<CopyProgress> report) : IProgress<CopyProgress>
    {
        public void Report(CopyProgress value) => report(value);
    }
}
