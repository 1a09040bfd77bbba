using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>What a poll's write dirties on SQLite, counted in frames the COMMIT appends to the WAL
/// (a frame is one page): every dirtied page is written at every commit and again at the next
/// checkpoint, so it is the steady poll's cost that does not show as a statement. The WAL file is
/// followed across a write: another test's teardown clearing every pool would close the file's last
/// connection, and SQLite removes the WAL with it, so these run in the pool's own collection.</summary>
[Collection(ProcessWideSqlitePool.Name)]
public sealed class PollWritePagesTests
{
    private const int PageFrameBytes = 4096 + 24;
    private const int WalHeaderBytes = 32;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_304_dirties_only_the_source_row_and_its_due_index_entry()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://example.test/feed.xml");
        await db.Sources.RecordPollAsync(source.Id, NotModified(1), Ct);

        int frames = await FramesOfAsync(db, () => db.Sources.RecordPollAsync(source.Id, NotModified(2), Ct));

        // The row's page and the next-due index; the URL's unique index is not rewritten when
        // the URL stays what it was.
        Assert.Equal(2, frames);
        FeedSource stored = (await db.Sources.GetAsync(source.Id, Ct))!;
        Assert.Equal(source.Url, stored.Url);
        Assert.Equal(StorageTestDatabase.Start.AddMinutes(2), stored.LastCheckedAt);
    }

    [Fact]
    public async Task A_failure_dirties_only_the_source_row_and_its_due_index_entry()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        FeedSource source = await db.AddSourceAsync("https://example.test/feed.xml");
        await db.Sources.RecordPollAsync(source.Id, Failed(1), Ct);

        int frames = await FramesOfAsync(db, () => db.Sources.RecordPollAsync(source.Id, Failed(2), Ct));

        Assert.Equal(2, frames);
        FeedSource stored = (await db.Sources.GetAsync(source.Id, Ct))!;
        Assert.Equal(2, stored.ConsecutiveFailures);
        Assert.Equal("HTTP 503 at poll 2", stored.LastError);
    }

    private static PollOutcome NotModified(int poll)
    {
        DateTimeOffset at = StorageTestDatabase.Start.AddMinutes(poll);
        return new PollOutcome { CheckedAt = at, HttpStatus = 304, NextDueAt = at.AddMinutes(15) };
    }

    private static PollOutcome Failed(int poll)
    {
        DateTimeOffset at = StorageTestDatabase.Start.AddMinutes(poll);
        return new PollOutcome { CheckedAt = at, HttpStatus = 503, Error = $"HTTP 503 at poll {poll}", NextDueAt = at.AddMinutes(15) };
    }

    /// <summary>The WAL frames one write appends, from an emptied WAL.</summary>
    private static async Task<int> FramesOfAsync(StorageTestDatabase db, Func<Task> write)
    {
        // The writer's checkpointer may be copying the set-up's commit right now: a TRUNCATE
        // checkpoint then reports busy (1) and leaves the WAL as it is, so it is asked again.
        await WorkerHost.EventuallyAsync(() => Task.FromResult(db.Scalar("PRAGMA wal_checkpoint(TRUNCATE)") == 0), TimeSpan.FromSeconds(30), "the WAL is emptied");

        string wal = db.FilePath + "-wal";
        Assert.Equal(0, new FileInfo(wal).Length);
        await write();
        return (int)((new FileInfo(wal).Length - WalHeaderBytes) / PageFrameBytes);
    }
}
