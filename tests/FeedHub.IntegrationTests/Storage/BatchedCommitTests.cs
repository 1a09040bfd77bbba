using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Globalization;
using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Tests.Stories.Syndication;
using FeedHub.Storage;
using FeedHub.Storage.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>On SQLite, the commits of parallel polls go through one writer that runs whatever is
/// queued in one transaction, each poll after the first under its own savepoint: many polls share a
/// commit, a poll that fails is undone alone, and a caller hears of success only after the COMMIT.</summary>
public sealed class BatchedCommitTests
{
    private const int SourceCount = 40;
    private const int ReleaseCount = 12;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forty_concurrent_polls_sharing_stories_share_transactions_and_commit_everything_exactly_once()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        List<FeedSource> sources = await AddSourcesAsync(db, SourceCount);
        FeedSource unchanged = await db.AddSourceAsync("https://unchanged.example.go.id/feed");
        using var batches = new WriteBatchSizes(db.Services);
        List<FeedItem>[] feeds = SharedReleases(SourceCount);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DateTimeOffset at = db.Clock.GetUtcNow();
        List<Task> polls = [.. Enumerable.Range(0, SourceCount).Select(s => Task.Run(async () =>
        {
            await start.Task;
            Assert.Equal(new StoreResult(ReleaseCount, 0, 0), await db.Items.CommitRefreshAsync(sources[s].Id, feeds[s], TestItems.Ok(at), Ct));
        }, Ct))];
        // A 304 poll's record goes through the same writer.
        polls.AddRange(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            await db.Sources.RecordPollAsync(unchanged.Id, new PollOutcome { CheckedAt = at, HttpStatus = 304, NextDueAt = at.AddMinutes(15) }, Ct);
        }, Ct)));
        start.SetResult();
        await Task.WhenAll(polls);

        Assert.Equal(SourceCount * ReleaseCount, db.Scalar("SELECT count(*) FROM items"));
        Assert.Equal(ReleaseCount, db.Scalar("SELECT count(*) FROM stories"));
        Assert.Equal(ReleaseCount, db.Scalar(
            "SELECT count(*) FROM (SELECT story_id FROM items GROUP BY story_id HAVING count(*) = @Copies AND count(DISTINCT source_id) = @Copies) AS whole",
            new { Copies = SourceCount }));
        Assert.Equal(SourceCount, db.Scalar("SELECT count(*) FROM sources WHERE etag = '\"v1\"' AND poll_count = 1"));
        Assert.Equal(8, db.Scalar("SELECT poll_count FROM sources WHERE id = @Id", new { unchanged.Id }));
        Assert.Equal(SourceCount + 8, batches.Writes);
        Assert.InRange(batches.Transactions, 1, SourceCount);
    }

    [Fact]
    public async Task A_batch_keeps_its_savepoint_journals_in_memory_on_its_own_connection_and_reads_keep_the_default()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        StorageBackend backend = db.Services.GetRequiredService<StorageBackend>();

        // 2 is MEMORY: each write's savepoint journal, a temporary file past 64 KiB otherwise.
        long during = await backend.Writes.RunAsync(session => session.ExecuteScalarAsync<long>("PRAGMA temp_store"), Ct);
        Assert.Equal(2, during);

        // Every pooled connection keeps the default (0) for reads, whose sorts and temporary
        // indexes may outgrow memory: the writer's connection is none of them.
        Assert.All(await ScalarOnPooledConnectionsAsync(backend, 4, "PRAGMA temp_store"), value => Assert.Equal(0L, value));
    }

    [Fact]
    public async Task Consecutive_batches_run_on_the_writers_own_connection_which_no_read_is_handed_meanwhile()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        StorageBackend backend = db.Services.GetRequiredService<StorageBackend>();
        FeedSource source = await db.AddSourceAsync("https://portal.example.go.id/feed");

        // A temporary table lives and dies with its connection: one batch leaves it behind, and
        // only a batch on the same native connection finds it.
        await backend.Writes.RunAsync(session => session.ExecuteAsync(CreateMarkSql), Ct);

        // Reads in between, on more pooled connections at once than the pool holds idle: the
        // writer's connection is never one of them.
        Assert.All(await ScalarOnPooledConnectionsAsync(backend, 8, MarksSql), value => Assert.Equal(0L, value));
        Assert.NotNull(await db.Sources.GetAsync(source.Id, Ct));
        Assert.Equal(1L, await backend.Writes.RunAsync(session => session.ExecuteScalarAsync<long>(MarksSql), Ct));
        // Its page cache is its own and larger than a reader's (cache_size in KiB when negative).
        long writerCache = await backend.Writes.RunAsync(session => session.ExecuteScalarAsync<long>("PRAGMA cache_size"), Ct);
        Assert.Equal(-8192L, writerCache);
        Assert.Equal(1L, await backend.Writes.RunAsync(session => session.ExecuteScalarAsync<long>(MarksSql), Ct));
    }

    [Fact]
    public async Task After_a_batch_that_could_not_begin_the_writer_starts_again_on_a_new_connection()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://portal.example.go.id/feed");
        await using ServiceProvider writer = ConnectWithWindow(db, TimeSpan.FromMilliseconds(250), commandTimeout: TimeSpan.FromSeconds(1));
        IWriteRunner writes = writer.GetRequiredService<StorageBackend>().Writes;
        await writes.RunAsync(session => session.ExecuteAsync(CreateMarkSql), Ct);

        // The write lock held past busy_timeout: the batch cannot begin, and its write fails.
        using (SqliteConnection holder = db.OpenRaw())
        {
            using SqliteTransaction held = holder.BeginTransaction(deferred: false);
            await Assert.ThrowsAsync<SqliteException>(() => writes.RunAsync(session => session.ExecuteAsync("UPDATE sources SET title = title"), Ct));
            held.Rollback();
        }

        // The next batch runs on a connection opened anew (without the first one's table), and stores.
        Assert.Equal(0L, await writes.RunAsync(session => session.ExecuteScalarAsync<long>(MarksSql), Ct));
        Assert.Equal(1, await writes.RunAsync(session => session.ExecuteAsync("UPDATE sources SET title = 'after' WHERE id = @Id", new { source.Id }), Ct));
        Assert.Equal(1, db.Scalar("SELECT count(*) FROM sources WHERE title = 'after'"));
    }

    [Fact]
    public async Task A_poll_whose_commit_fails_is_undone_alone_while_its_batch_mates_commit()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        const int polls = 12;
        List<FeedSource> sources = await AddSourcesAsync(db, polls);
        // A window no write of a loaded machine outlasts, so the batch's size depends on the queue only.
        await using ServiceProvider writer = ConnectWithWindow(db, TimeSpan.FromMinutes(1));
        IItemStore items = writer.GetRequiredService<IItemStore>();
        using var batches = new WriteBatchSizes(writer);
        List<FeedItem>[] feeds = SharedReleases(polls);
        // A poisoned item: an empty content hash breaks a CHECK constraint halfway through the poll.
        const int poisoned = 5;
        feeds[poisoned].Insert(ReleaseCount / 2, TestItems.Item("poisoned") with { ContentHash = "" });

        // Holding the write lock keeps the writer waiting to begin its batch until every poll is
        // queued, so they all share one.
        Task<StoreResult>[] commits;
        using (SqliteConnection holder = db.OpenRaw())
        {
            using SqliteTransaction held = holder.BeginTransaction(deferred: false);
            DateTimeOffset at = db.Clock.GetUtcNow();
            commits = [.. Enumerable.Range(0, polls).Select(s => Task.Run(() => items.CommitRefreshAsync(sources[s].Id, feeds[s], TestItems.Ok(at), Ct), Ct))];
            while (batches.Queued < polls && !commits.Any(commit => commit.IsCompleted))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), Ct);
            }

            held.Rollback();
        }

        for (int s = 0; s < polls; s++)
        {
            if (s == poisoned)
            {
                await Assert.ThrowsAsync<SqliteException>(() => commits[s]);
            }
            else
            {
                Assert.Equal(new StoreResult(ReleaseCount, 0, 0), await commits[s]);
            }
        }

        Assert.Equal(0, db.Scalar("SELECT count(*) FROM items WHERE source_id = @Id", new { sources[poisoned].Id }));
        FeedSource failed = (await db.Sources.GetAsync(sources[poisoned].Id, Ct))!;
        Assert.Null(failed.ETag);
        Assert.Null(failed.LastCheckedAt);
        Assert.Equal((polls - 1) * ReleaseCount, db.Scalar("SELECT count(*) FROM items"));
        Assert.Equal(ReleaseCount, db.Scalar("SELECT count(*) FROM stories"));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id)"));
        // The eleven that succeeded were committed together by one transaction.
        Assert.Equal(polls - 1, batches.Writes);
        Assert.Equal(polls - 1, batches.Largest);
    }

    [Fact]
    public async Task A_first_write_that_fails_halfway_takes_only_its_own_rows_and_the_writes_queued_behind_it_commit_together()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        const int polls = 6;
        List<FeedSource> sources = await AddSourcesAsync(db, polls);
        await using ServiceProvider writer = ConnectWithWindow(db, TimeSpan.FromMinutes(1));
        IItemStore items = writer.GetRequiredService<IItemStore>();
        using var batches = new WriteBatchSizes(writer);
        List<FeedItem>[] feeds = SharedReleases(polls);
        // The first write of a batch runs under the transaction alone (no savepoint): poisoned
        // halfway, it must undo the six items and stories it had already written, and nothing more.
        feeds[0].Insert(ReleaseCount / 2, TestItems.Item("poisoned") with { ContentHash = "" });

        Task<StoreResult>[] commits = new Task<StoreResult>[polls];
        using (SqliteConnection holder = db.OpenRaw())
        {
            using SqliteTransaction held = holder.BeginTransaction(deferred: false);
            DateTimeOffset at = db.Clock.GetUtcNow();
            // The poisoned poll is queued first, the others behind it, before the batch can begin.
            for (int s = 0; s < polls; s++)
            {
                int poll = s;
                commits[s] = Task.Run(() => items.CommitRefreshAsync(sources[poll].Id, feeds[poll], TestItems.Ok(at), Ct), Ct);
                while (batches.Queued < s + 1 && !commits[s].IsCompleted)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(10), Ct);
                }
            }

            held.Rollback();
        }

        await Assert.ThrowsAsync<SqliteException>(() => commits[0]);
        for (int s = 1; s < polls; s++)
        {
            Assert.Equal(new StoreResult(ReleaseCount, 0, 0), await commits[s]);
        }

        Assert.Equal(0, db.Scalar("SELECT count(*) FROM items WHERE source_id = @Id", new { sources[0].Id }));
        Assert.Null((await db.Sources.GetAsync(sources[0].Id, Ct))!.LastCheckedAt);
        Assert.Equal((polls - 1) * ReleaseCount, db.Scalar("SELECT count(*) FROM items"));
        Assert.Equal(ReleaseCount, db.Scalar("SELECT count(*) FROM stories"));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id)"));
        Assert.Equal(polls - 1, db.Scalar("SELECT count(*) FROM sources WHERE last_checked_at IS NOT NULL"));
        // The failed write ended its batch; the five behind it shared the next transaction.
        Assert.Equal(polls - 1, batches.Writes);
        Assert.Equal(1, batches.Transactions);
    }

    private const string CreateMarkSql = "CREATE TEMP TABLE writer_mark (x INTEGER)";
    private const string MarksSql = "SELECT count(*) FROM temp.sqlite_master WHERE name = 'writer_mark'";

    /// <summary>What <paramref name="sql"/> returns on each of <paramref name="count"/> pooled
    /// connections open at once.</summary>
    private static async Task<List<long>> ScalarOnPooledConnectionsAsync(StorageBackend backend, int count, string sql)
    {
        var open = new List<DbConnection>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                open.Add(await backend.Database.Connections.OpenAsync(Ct));
            }

            var values = new List<long>();
            foreach (DbConnection connection in open)
            {
                using DbCommand command = connection.CreateCommand();
                command.CommandText = sql;
                values.Add(Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture));
            }

            return values;
        }
        finally
        {
            foreach (DbConnection connection in open)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>The storage on <paramref name="db"/>'s file as the host wires it, with the given
    /// batch window (and command timeout, the busy_timeout).</summary>
    private static ServiceProvider ConnectWithWindow(StorageTestDatabase db, TimeSpan window, TimeSpan? commandTimeout = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["FeedHub:Storage:ConnectionString"] = db.ConnectionString,
            ["FeedHub:Storage:WriteBatchWindow"] = window.ToString("c", CultureInfo.InvariantCulture),
        };
        if (commandTimeout is TimeSpan timeout)
        {
            settings["FeedHub:Storage:CommandTimeout"] = timeout.ToString("c", CultureInfo.InvariantCulture);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(db.Clock);
        services.AddMetrics();
        services.AddFeedHubStorage();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static async Task<List<FeedSource>> AddSourcesAsync(StorageTestDatabase db, int count)
    {
        var sources = new List<FeedSource>();
        for (int s = 0; s < count; s++)
        {
            sources.Add(await db.AddSourceAsync($"https://portal-{s}.example.go.id/feed", title: $"Portal {s}"));
        }

        return sources;
    }

    /// <summary>Every source carries every release under its own key and link, in its own order.</summary>
    private static List<FeedItem>[] SharedReleases(int sources)
    {
        List<SimItem> releases = SyndicationWorld.Generate(seed: 5, days: 3).Items
            .Where(item => item.Source == item.TrueOriginSource)
            .DistinctBy(item => item.TrueStory)
            .Take(ReleaseCount)
            .ToList();
        return [.. Enumerable.Range(0, sources).Select(s => Enumerable.Range(0, ReleaseCount)
            .Select(r => releases[(r + s) % ReleaseCount])
            .Select(release => SyndicationReplay.ToFeedItem(release) with
            {
                ItemKey = $"s{s}-{release.Key}",
                ContentHash = $"h-s{s}-{release.Key}",
                Guid = $"s{s}-{release.Key}",
                Link = $"https://portal-{s}.example.go.id/{release.Key}",
                CanonicalLink = $"https://portal-{s}.example.go.id/{release.Key}",
                PublishedAt = release.PublishedAt.AddMinutes(s),
            })
            .ToList())];
    }

    /// <summary>Reads the storage's own instruments of one service provider: the batch size (one
    /// measurement per committed write transaction, its value the polls it carried) and the queue.</summary>
    private sealed class WriteBatchSizes : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _transactions;
        private long _writes;
        private long _largest;
        private long _queued;

        public WriteBatchSizes(IServiceProvider services)
        {
            IMeterFactory meters = services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name is "feedhub.storage.write.batch_size" or "feedhub.storage.write.queue")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((instrument, size, _, _) =>
            {
                if (instrument.Name == "feedhub.storage.write.queue")
                {
                    Interlocked.Add(ref _queued, size);
                    return;
                }

                Interlocked.Increment(ref _transactions);
                Interlocked.Add(ref _writes, size);
                long largest;
                while (size > (largest = Interlocked.Read(ref _largest)) && Interlocked.CompareExchange(ref _largest, size, largest) != largest)
                {
                }
            });
            _listener.Start();
        }

        public long Transactions => Interlocked.Read(ref _transactions);

        public long Writes => Interlocked.Read(ref _writes);

        public long Largest => Interlocked.Read(ref _largest);

        /// <summary>Writes waiting in the writer's queue now.</summary>
        public long Queued => Interlocked.Read(ref _queued);

        public void Dispose() => _listener.Dispose();
    }
}
