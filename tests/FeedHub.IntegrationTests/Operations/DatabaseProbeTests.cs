using FeedHub.IntegrationTests.Storage;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>The readiness probe's question to the database: reachable now, with every migration applied?</summary>
public sealed class DatabaseProbeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_migrated_database_lacks_nothing_and_an_unmigrated_one_lacks_every_script()
    {
        await using StorageTestDatabase fresh = await StorageTestDatabase.CreateAsync(migrate: false);
        Directory.CreateDirectory(fresh.Folder);
        using (fresh.OpenRaw())
        {
            // Creates the empty file, as a first start would before migrating.
        }

        IReadOnlyList<int> before = await fresh.Migrator.PendingMigrationsAsync(Ct);
        await fresh.Migrator.MigrateAsync(Ct);
        IReadOnlyList<int> after = await fresh.Migrator.PendingMigrationsAsync(Ct);

        Assert.Contains(1, before);
        Assert.Contains(4, before);
        Assert.Empty(after);
    }

    [Fact]
    public async Task The_probe_fails_when_the_file_is_gone_even_with_pooled_connections_open_and_creates_nothing()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        await db.AddSourceAsync("https://mc.example.go.id/feed");
        string moved = db.Folder + "-moved";

        Directory.Move(db.Folder, moved);
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => db.Migrator.PendingMigrationsAsync(Ct));
            Assert.False(Directory.Exists(db.Folder));
        }
        finally
        {
            Directory.Move(moved, db.Folder);
        }

        Assert.Empty(await db.Migrator.PendingMigrationsAsync(Ct));
    }

    [Fact]
    public async Task The_probe_fails_on_a_file_that_is_not_a_database()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(migrate: false);
        Directory.CreateDirectory(db.Folder);
        await File.WriteAllTextAsync(db.FilePath, new string('x', 4096), Ct);

        var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.Migrator.PendingMigrationsAsync(Ct));

        Assert.Contains("not a database", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
