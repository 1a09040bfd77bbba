using System.Diagnostics.Metrics;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>The batch writer's WAL is copied back into the database by a checkpointer of its own,
/// beside the writer rather than inside its COMMIT: the commits reach the database file itself, paced
/// by the clock, while the writer's own automatic checkpoint stays only as a bound. The database file
/// is read without its WAL (a copy of the file alone) to see what the checkpoints put there, so these
/// run in the pool's own collection (another test clearing every pool would checkpoint on close).</summary>
[Collection(ProcessWideSqlitePool.Name)]
public sealed class SqliteCheckpointerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_commit_reaches_the_database_file_through_the_checkpointer_and_not_the_writers_commit()
    {
        (StorageTestDatabase db, SqliteCheckpointer checkpointer, FeedSource source) = await CheckpointedOnceAsync();
        await using StorageTestDatabase disposed = db;

        Assert.Equal(1, PollCountInFileAlone(db, source.Id));
        Assert.True(checkpointer.FramesCopied > 0);
        // The writer's connection checkpoints only far past SQLite's 1,000 pages, as a bound.
        long bound = await db.Services.GetRequiredService<StorageBackend>().Writes.RunAsync(
            session => session.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint"), Ct);
        Assert.Equal(SqliteCheckpointer.WriterFallbackPages, bound);
    }

    [Fact]
    public async Task Commits_made_while_it_waits_join_the_next_checkpoint_which_the_clock_paces()
    {
        (StorageTestDatabase db, SqliteCheckpointer checkpointer, FeedSource source) = await CheckpointedOnceAsync();
        await using StorageTestDatabase disposed = db;
        int first = checkpointer.Checkpoints;

        await db.Sources.RecordPollAsync(source.Id, NotModified(2), Ct);
        await db.Sources.RecordPollAsync(source.Id, NotModified(3), Ct);
        // The test's clock stands still: the checkpointer waits on it, so nothing else is copied.
        await Task.Delay(TimeSpan.FromMilliseconds(300), Ct);
        Assert.Equal(first, checkpointer.Checkpoints);
        Assert.Equal(1, PollCountInFileAlone(db, source.Id));

        db.Clock.Advance(SqliteCheckpointer.MaxWait);
        await WaitForAsync(() => checkpointer.Checkpoints > first);

        Assert.Equal(first + 1, checkpointer.Checkpoints);
        Assert.Equal(3, PollCountInFileAlone(db, source.Id));
        // Every read through FeedHub saw each commit at once, checkpointed or not.
        Assert.Equal(3, db.Scalar("SELECT poll_count FROM sources WHERE id = @Id", new { source.Id }));
    }

    [Fact]
    public async Task A_writer_disposed_while_its_checkpointer_waits_stops_at_once()
    {
        (StorageTestDatabase db, _, FeedSource source) = await CheckpointedOnceAsync();
        await db.Sources.RecordPollAsync(source.Id, NotModified(2), Ct);

        // The checkpointer waits on a clock that never moves: disposing must not wait for it.
        Task disposed = db.DisposeAsync().AsTask();
        Assert.Same(disposed, await Task.WhenAny(disposed, Task.Delay(TimeSpan.FromSeconds(30), Ct)));
        await disposed;
    }

    [Fact]
    public async Task A_failed_checkpoint_is_counted_and_the_next_commit_checkpoints_on_a_new_connection()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://example.test/feed.xml");
        await db.Sources.RecordPollAsync(source.Id, NotModified(1), Ct);
        using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        IMeterFactory meters = services.GetRequiredService<IMeterFactory>();
        long frames = 0;
        long failures = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name.StartsWith("feedhub.storage.checkpoint.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            Interlocked.Add(ref instrument.Name == "feedhub.storage.checkpoint.failures" ? ref failures : ref frames, value));
        listener.Start();

        // The first open fails as an unreadable file would; the next is the database's own.
        int opened = 0;
        await using var checkpointer = new SqliteCheckpointer(
            async cancellationToken =>
            {
                if (Interlocked.Increment(ref opened) == 1)
                {
                    throw new SqliteException("unable to open database file", 14);
                }

                var connection = new SqliteConnection($"Data Source={db.FilePath};Pooling=False");
                await connection.OpenAsync(cancellationToken);
                return connection;
            },
            new WriteMetrics(meters),
            TimeProvider.System);

        checkpointer.Committed();
        await WaitForAsync(() => checkpointer.Failures == 1);
        Assert.Equal(0, checkpointer.Checkpoints);
        Assert.Equal(1, Interlocked.Read(ref failures));

        checkpointer.Committed();
        await WaitForAsync(() => checkpointer.Checkpoints == 1);
        Assert.Equal(2, opened);
        Assert.Equal(1, checkpointer.Failures);
        Assert.Equal(checkpointer.FramesCopied, Interlocked.Read(ref frames));
    }

    /// <summary>A database with one source whose first poll the checkpointer has copied.</summary>
    private static async Task<(StorageTestDatabase Db, SqliteCheckpointer Checkpointer, FeedSource Source)> CheckpointedOnceAsync()
    {
        StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        SqliteCheckpointer checkpointer = Writer(db).Checkpointer;
        FeedSource source = await db.AddSourceAsync("https://example.test/feed.xml");
        await db.Sources.RecordPollAsync(source.Id, NotModified(1), Ct);
        await WaitForAsync(() => checkpointer.Checkpoints >= 1);
        return (db, checkpointer, source);
    }

    private static SqliteBatchWriter Writer(StorageTestDatabase db) =>
        (SqliteBatchWriter)db.Services.GetRequiredService<StorageBackend>().Writes;

    /// <summary>The source's poll count as the database file holds it, without its WAL.</summary>
    private static long PollCountInFileAlone(StorageTestDatabase db, long sourceId)
    {
        string copy = Path.Combine(db.Folder, $"file-alone-{Guid.NewGuid():N}.db");
        File.Copy(db.FilePath, copy);
        try
        {
            using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
            connection.Open();
            using SqliteCommand query = connection.CreateCommand();
            query.CommandText = "SELECT poll_count FROM sources WHERE id = $id";
            query.Parameters.AddWithValue("$id", sourceId);
            return (long)query.ExecuteScalar()!;
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static Task WaitForAsync(Func<bool> condition) =>
        WorkerHost.EventuallyAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(30), "the checkpointer has run");

    private static PollOutcome NotModified(int poll)
    {
        DateTimeOffset at = StorageTestDatabase.Start.AddMinutes(poll);
        return new PollOutcome { CheckedAt = at, HttpStatus = 304, NextDueAt = at.AddMinutes(15) };
    }
}
