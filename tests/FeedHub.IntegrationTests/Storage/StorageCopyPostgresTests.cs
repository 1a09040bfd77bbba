using System.Data.Common;
using System.Globalization;
using System.Xml.Linq;
using Dapper;
using FeedHub.Core.Sources;
using FeedHub.IntegrationTests.Admin;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Storage;
using FeedHub.Storage.Copying;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FeedHub.IntegrationTests.Storage;

/// <summary><c>storage copy</c> from SQLite into PostgreSQL and back: every row and id arrives,
/// story ids continue past the highest one ever handed out, and the real host serves the same
/// feed from the copy. Skipped, with the reason, without <c>FEEDHUB_TEST_POSTGRES</c>.</summary>
public sealed class StorageCopyPostgresTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sqlite_into_postgres_and_back_keeps_every_row_and_id()
    {
        await using StorageTestDatabase postgres = await StorageTestDatabase.CreateAsync(StorageProvider.Postgres, migrate: false);
        await using StorageTestDatabase source = await StorageTestDatabase.CreateAsync();
        await using StorageTestDatabase back = await StorageTestDatabase.CreateAsync(migrate: false);
        await StorageCopyTests.FillEveryTableAsync(source);
        long highestStory = source.Scalar("SELECT max(id) FROM story_ids");

        CopyReport there;
        await using (DatabaseCopier copier = Copier(source, postgres))
        {
            there = await copier.CopyAsync(5, null, Ct);
        }

        CopyReport home;
        await using (DatabaseCopier copier = Copier(postgres, back))
        {
            home = await copier.CopyAsync(1000, null, Ct);
        }

        Assert.True(there.Matches);
        Assert.True(home.Matches);
        Assert.Contains(there.Notes, note => note.StartsWith("story_ids: the target's stories identity continues after its highest id", StringComparison.Ordinal));
        List<string> tables = [.. StorageCopyTests.Tables(source).Where(table => table is not DatabaseCopier.HistoryTable and not "story_ids")];
        Assert.Equal(tables, there.Tables.Select(table => table.Table).Order(StringComparer.Ordinal));
        await using DbConnection sqlite = new SqliteConnection($"Data Source={source.FilePath};Pooling=False");
        await using DbConnection server = new NpgsqlConnection(postgres.ConnectionString);
        await using DbConnection roundTrip = new SqliteConnection($"Data Source={back.FilePath};Pooling=False");
        foreach (string table in tables)
        {
            List<string> original = await RowsAsync(sqlite, table);
            Assert.Equal(original, await RowsAsync(server, table));
            Assert.Equal(original, await RowsAsync(roundTrip, table));
        }

        // New stories continue after every id the source handed out, on the server and back home.
        FeedSource portal = (await postgres.Sources.ListAsync(Ct))[0];
        await postgres.Items.CommitRefreshAsync(portal.Id, [TestItems.Item("after-the-copy")], TestItems.Ok(postgres.Clock.GetUtcNow()), Ct);
        long onServer = await server.ExecuteScalarAsync<long>("SELECT story_id FROM items WHERE item_key = 'after-the-copy'");
        await back.Items.CommitRefreshAsync(portal.Id, [TestItems.Item("after-the-copy")], TestItems.Ok(back.Clock.GetUtcNow()), Ct);
        Assert.True(onServer > highestStory, $"story {onServer} reuses an id up to {highestStory}");
        Assert.True(back.Scalar("SELECT story_id FROM items WHERE item_key = 'after-the-copy'") > highestStory);
    }

    [Fact]
    public async Task After_the_command_copies_into_postgres_the_real_host_serves_the_same_feed()
    {
        await using StorageTestDatabase postgres = await StorageTestDatabase.CreateAsync(StorageProvider.Postgres, migrate: false);
        await using StorageTestDatabase source = await StorageTestDatabase.CreateAsync();
        await StorageCopyTests.FillEveryTableAsync(source);
        List<(string, string)> before = await ServedItemsAsync(StorageProvider.Sqlite, $"Data Source={source.FilePath}");

        using var directory = new TempDirectory();
        var cli = new AdminCli(directory, source.FilePath);
        using WorkerProcess copy = await cli.RunAsync("storage", "copy", "--to-provider", "postgres", "--to", postgres.ConnectionString);
        List<(string, string)> after = await ServedItemsAsync(StorageProvider.Postgres, postgres.ConnectionString);

        Assert.True(copy.ExitCode == 0, copy.StandardError);
        Assert.StartsWith("Copied ", AdminCliTests.Lines(copy.StandardOutput)[^1], StringComparison.Ordinal);
        Assert.NotEmpty(before);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Migrate_script_for_an_empty_postgres_database_builds_the_schema_the_migrator_builds()
    {
        await using StorageTestDatabase migrated = await StorageTestDatabase.CreateAsync(StorageProvider.Postgres);
        await using StorageTestDatabase scripted = await StorageTestDatabase.CreateAsync(StorageProvider.Postgres, migrate: false);

        string script = await scripted.Migrator.ScriptAsync(Ct);
        await using (var connection = new NpgsqlConnection(scripted.ConnectionString))
        {
            await connection.ExecuteAsync(script);
        }

        Assert.Contains("(Postgres) from an empty database", script, StringComparison.Ordinal);
        Assert.Empty(await scripted.Migrator.PendingMigrationsAsync(Ct));
        Assert.Equal(await SchemaAsync(migrated), await SchemaAsync(scripted));
        Assert.Contains("up to date", await scripted.Migrator.ScriptAsync(Ct), StringComparison.Ordinal);
    }

    private static DatabaseCopier Copier(StorageTestDatabase source, StorageTestDatabase target) => DatabaseCopier.Create(
        new StorageOptions { Provider = source.Provider, ConnectionString = source.ConnectionString },
        new StorageOptions { Provider = target.Provider, ConnectionString = target.ConnectionString },
        NullLoggerFactory.Instance,
        TimeProvider.System);

    private static async Task<List<(string, string)>> ServedItemsAsync(StorageProvider provider, string connectionString)
    {
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Storage:Provider"] = provider.ToString(),
            ["FeedHub:Storage:ConnectionString"] = connectionString,
        });
        string xml = await host.Http.GetStringAsync("feed.xml", Ct);
        return [.. XDocument.Parse(xml).Descendants("item").Select(item => ((string)item.Element("guid")!, (string)item.Element("title")!))];
    }

    /// <summary>Every row of a table, columns by name, values in one text form whatever the engine:
    /// instants as UTC to the microsecond (PostgreSQL's precision), numbers invariant.</summary>
    private static async Task<List<string>> RowsAsync(DbConnection connection, string table)
    {
        List<string> rows = [];
        foreach (IDictionary<string, object?> row in (await connection.QueryAsync($"SELECT * FROM {table}")).Cast<IDictionary<string, object?>>())
        {
            rows.Add(string.Join(" | ", row.OrderBy(column => column.Key, StringComparer.Ordinal).Select(column => $"{column.Key}={Text(column.Value)}")));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Text(object? value) => value switch
    {
        null => "NULL",
        DateTime time => Instant(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc))),
        DateTimeOffset instant => Instant(instant),
        string text when text.Length == 28 && text[10] == 'T' && text[^1] == 'Z' => Instant(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture)),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static async Task<List<string>> SchemaAsync(StorageTestDatabase db)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        return [.. await connection.QueryAsync<string>(
            """
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1
            """)];
    }
}
