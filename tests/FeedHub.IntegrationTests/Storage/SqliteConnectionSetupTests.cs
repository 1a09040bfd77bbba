using System.Data.Common;
using Dapper;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>The per-connection pragmas are set once per native connection (not on every open of a
/// pooled one): every connection the factory hands out, fresh or reused, carries them. It follows
/// one pooled native connection across opens: on its own.</summary>
[Collection(ProcessWideSqlitePool.Name)]
public sealed class SqliteConnectionSetupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fresh_and_pooled_connections_carry_the_pragmas()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        var connections = db.Services.GetRequiredService<StorageBackend>().Database.Connections;

        // Two at once are two native connections; both then go back to the pool and are reused.
        for (int round = 0; round < 3; round++)
        {
            await using DbConnection first = await connections.OpenAsync(Ct);
            await using DbConnection second = await connections.OpenAsync(Ct);
            foreach (DbConnection connection in new[] { first, second })
            {
                Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
                // The busy timeout is the configured command timeout (30 s by default).
                Assert.Equal(connections.CommandTimeoutSeconds * 1000L, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
                Assert.Equal(30_000L, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
                Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"));
                Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
            }
        }
    }

    [Fact]
    public async Task A_pooled_connection_is_reused_without_setting_the_pragmas_again()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        var connections = db.Services.GetRequiredService<StorageBackend>().Database.Connections;
        await using (DbConnection connection = await connections.OpenAsync(Ct))
        {
            // A per-connection setting the set-up also makes (NORMAL): a value changed since survives
            // the trip through the pool only if the open does not run the set-up again.
            await connection.ExecuteAsync("PRAGMA synchronous = FULL");
        }

        await using DbConnection reused = await connections.OpenAsync(Ct);

        Assert.Equal(2L, await reused.ExecuteScalarAsync<long>("PRAGMA synchronous"));
        Assert.Equal(1L, await reused.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
    }

    [Fact]
    public async Task A_new_connection_to_an_existing_database_writes_nothing_and_does_not_wait_for_a_writer()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        var connections = db.Services.GetRequiredService<StorageBackend>().Database.Connections;
        // The database the factory made is incremental: what the open must not set again.
        Assert.Equal(2L, db.Scalar("PRAGMA auto_vacuum"));

        // Held open throughout, and made to read once: SQLite counts a connection among the WAL's
        // users only from its first read, and the last user to close deletes the file (the pooled
        // connections may be closed meanwhile by another test clearing every pool).
        using SqliteConnection other = db.OpenRaw();
        Assert.True(await other.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master") > 0);
        await WorkerHost.EventuallyAsync(() => Task.FromResult(db.Scalar("PRAGMA wal_checkpoint(TRUNCATE)") == 0), TimeSpan.FromSeconds(30), "the WAL is emptied");
        await using (DbConnection fresh = await connections.OpenProbeAsync(Ct))
        {
            Assert.Equal(1L, await fresh.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
            Assert.Equal(2L, await fresh.ExecuteScalarAsync<long>("PRAGMA auto_vacuum"));
        }

        Assert.Equal(0, new FileInfo(db.FilePath + "-wal").Length);

        // Another connection holds the write lock, as a running worker's batch does: a command
        // starting now opens its connections at once instead of waiting for the lock.
        await other.ExecuteAsync("BEGIN IMMEDIATE");
        await using (DbConnection fresh = await connections.OpenProbeAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct))
        {
            Assert.Equal("wal", await fresh.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        }

        await other.ExecuteAsync("ROLLBACK");
    }
}
