using System.Collections;
using Dapper;
using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>Security cases 19 (two writers on SQLite) and 20 (a fault mid-batch).</summary>
public abstract class StorageFaultTests(StorageProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_writers_on_one_file_never_see_a_locked_database_nor_store_duplicates()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource portal = await db.AddSourceAsync("https://portal.example.go.id/feed");
        FeedSource regency = await db.AddSourceAsync("https://kab.example.go.id/feed");
        IItemStore secondWriter = db.Connect().GetRequiredService<IItemStore>();
        List<FeedItem> early = TestItems.Many(300, first: 0);
        List<FeedItem> late = TestItems.Many(300, first: 150);

        // Each round: both stores commit overlapping batches to the same source, and copies of
        // the same stories to a second source, all at once.
        var writes = new List<Task>();
        for (int round = 0; round < 4; round++)
        {
            DateTimeOffset at = db.Clock.GetUtcNow();
            writes.Add(Task.Run(() => db.Items.CommitRefreshAsync(portal.Id, early, TestItems.Ok(at), Ct), Ct));
            writes.Add(Task.Run(() => secondWriter.CommitRefreshAsync(portal.Id, late, TestItems.Ok(at), Ct), Ct));
            writes.Add(Task.Run(() => secondWriter.CommitRefreshAsync(regency.Id, late, TestItems.Ok(at), Ct), Ct));
            writes.Add(Task.Run(() => db.Sources.RecordPollAsync(regency.Id, new PollOutcome { CheckedAt = at, HttpStatus = 304 }, Ct), Ct));
        }

        await Task.WhenAll(writes);

        Assert.Equal(450, db.Scalar("SELECT count(*) FROM items WHERE source_id = @Id", new { portal.Id }));
        Assert.Equal(300, db.Scalar("SELECT count(*) FROM items WHERE source_id = @Id", new { regency.Id }));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM (SELECT source_id, item_key FROM items GROUP BY source_id, item_key HAVING count(*) > 1) AS duplicates"));
        Assert.Equal(450, db.Scalar("SELECT count(*) FROM stories"));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM (SELECT canonical_link FROM items GROUP BY canonical_link HAVING count(DISTINCT story_id) > 1) AS split"));
    }

    [Fact]
    public async Task A_constraint_violation_on_the_last_item_rolls_back_the_whole_batch()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        (FeedSource source, long version) = await SeedAsync(db);
        List<FeedItem> batch = TestItems.Many(50, prefix: "new");
        batch.Add(TestItems.Item("bad") with { ContentHash = "" });

        Exception? error = await Record.ExceptionAsync(() => db.Items.CommitRefreshAsync(source.Id, batch, NextPoll(db), Ct));
        Assert.IsType(
            provider switch
            {
                StorageProvider.Sqlite => typeof(SqliteException),
                StorageProvider.SqlServer => typeof(Microsoft.Data.SqlClient.SqlException),
                _ => typeof(Npgsql.PostgresException),
            },
            error);

        await AssertNothingChangedAsync(db, source, version);
        batch.RemoveAt(batch.Count - 1);
        Assert.Equal(new StoreResult(50, 0, 5), await db.Items.CommitRefreshAsync(source.Id, [.. batch, .. TestItems.Many(5)], NextPoll(db), Ct));
        Assert.Equal("\"v2\"", (await db.Sources.GetAsync(source.Id, Ct))!.ETag);
    }

    [Fact]
    public async Task Cancellation_mid_batch_rolls_back_the_whole_batch()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        (FeedSource source, long version) = await SeedAsync(db);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        List<FeedItem> batch = TestItems.Many(100, prefix: "new");
        var cancellingBatch = new CancelAtIndex(batch, 60, cancellation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => db.Items.CommitRefreshAsync(source.Id, cancellingBatch, NextPoll(db), cancellation.Token));

        Assert.True(cancellingBatch.Reached);
        await AssertNothingChangedAsync(db, source, version);
        Assert.Equal(new StoreResult(100, 0, 0), await db.Items.CommitRefreshAsync(source.Id, batch, NextPoll(db), Ct));
    }

    private protected static async Task<(FeedSource Source, long Version)> SeedAsync(StorageTestDatabase db)
    {
        FeedSource source = await db.AddSourceAsync("https://example.go.id/feed");
        await db.Items.CommitRefreshAsync(source.Id, TestItems.Many(5), TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        db.Clock.Advance(TimeSpan.FromMinutes(15));
        return (source, await db.Stories.GetChangeVersionAsync(Ct));
    }

    private protected static PollOutcome NextPoll(StorageTestDatabase db) => TestItems.Ok(db.Clock.GetUtcNow(), etag: "\"v2\"");

    private protected static async Task AssertNothingChangedAsync(StorageTestDatabase db, FeedSource source, long version)
    {
        FeedSource stored = (await db.Sources.GetAsync(source.Id, Ct))!;
        Assert.Equal("\"v1\"", stored.ETag);
        Assert.Equal(StorageTestDatabase.Start, stored.LastCheckedAt);
        Assert.Equal(5, db.Scalar("SELECT count(*) FROM items"));
        Assert.Equal(5, db.Scalar("SELECT count(*) FROM stories"));
        Assert.Equal(version, await db.Stories.GetChangeVersionAsync(Ct));
    }

    /// <summary>Cancels the token when the store reads a given position, as a shutdown
    /// arriving while the batch is being written.</summary>
    private sealed class CancelAtIndex(List<FeedItem> items, int index, CancellationTokenSource cancellation) : IReadOnlyList<FeedItem>
    {
        public bool Reached { get; private set; }

        public int Count => items.Count;

        public FeedItem this[int position]
        {
            get
            {
                if (position == index)
                {
                    Reached = true;
                    cancellation.Cancel();
                }

                return items[position];
            }
        }

        public IEnumerator<FeedItem> GetEnumerator()
        {
            for (int position = 0; position < items.Count; position++)
            {
                yield return this[position];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>The contract on SQLite, and what only SQLite has.</summary>
public sealed class StorageFaultTestsOnSqlite() : StorageFaultTests(StorageProvider.Sqlite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_database_fault_mid_batch_rolls_back_the_whole_batch()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        (FeedSource source, long version) = await SeedAsync(db);
        using (SqliteConnection raw = db.OpenRaw())
        {
            // Stands in for a full disk or a lost connection: the engine fails one write halfway.
            raw.Execute("CREATE TRIGGER fail_midway BEFORE INSERT ON items WHEN NEW.item_key = 'new-00025' BEGIN SELECT RAISE(FAIL, 'simulated disk I/O error'); END");
        }

        List<FeedItem> batch = TestItems.Many(50, prefix: "new");
        SqliteException error = await Assert.ThrowsAsync<SqliteException>(() => db.Items.CommitRefreshAsync(source.Id, batch, NextPoll(db), Ct));
        Assert.Contains("simulated disk I/O error", error.Message, StringComparison.Ordinal);

        await AssertNothingChangedAsync(db, source, version);
        using (SqliteConnection raw = db.OpenRaw())
        {
            raw.Execute("DROP TRIGGER fail_midway");
        }

        Assert.Equal(new StoreResult(50, 0, 0), await db.Items.CommitRefreshAsync(source.Id, batch, NextPoll(db), Ct));
        Assert.Equal(55, db.Scalar("SELECT count(*) FROM items"));
    }
}

public sealed class StorageFaultTestsOnPostgres() : StorageFaultTests(StorageProvider.Postgres);
