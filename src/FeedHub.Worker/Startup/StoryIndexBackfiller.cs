using FeedHub.Core.Storage;
using FeedHub.Core.Stories;

namespace FeedHub.Worker.Startup;

/// <summary>Runs the story index backfill (<see cref="IStoryIndexBackfill"/>) to the end, batch
/// after batch. Resumable by construction: indexed items are skipped, so a run cut short by a
/// stop simply continues at the next start.</summary>
public sealed partial class StoryIndexBackfiller(IStoryIndexBackfill backfill, ISearchIndexBackfill searchBackfill, TimeProvider timeProvider, ILogger<StoryIndexBackfiller> logger)
{
    /// <summary>Small enough that a poll waiting for the write lock waits a fraction of a second.</summary>
    public const int BatchSize = 100;

    /// <summary>Returns how many items were indexed. <paramref name="pause"/> between batches
    /// lets waiting refreshes take the write lock first (SQLite's busy handler is not fair).</summary>
    public async Task<long> RunAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        long total = await RunBatchesAsync(backfill.IndexBatchAsync, pause, cancellationToken);
        if (total > 0)
        {
            LogIndexed(total);
        }

        return total;
    }

    /// <summary>Folds the text and tags of items stored before the search index (migration 0012),
    /// batch after batch like <see cref="RunAsync"/>; returns how many were folded.</summary>
    public async Task<long> FoldForSearchAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        long total = await RunBatchesAsync(searchBackfill.IndexBatchAsync, pause, cancellationToken);
        if (total > 0)
        {
            LogFolded(total);
        }

        return total;
    }

    private async Task<long> RunBatchesAsync(Func<long, int, CancellationToken, Task<StoryBackfillBatch>> indexBatch, TimeSpan pause, CancellationToken cancellationToken)
    {
        long total = 0;
        long after = 0;
        while (true)
        {
            StoryBackfillBatch batch = await indexBatch(after, BatchSize, cancellationToken);
            if (batch.Indexed == 0)
            {
                return total;
            }

            total += batch.Indexed;
            after = batch.LastItemId;
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, timeProvider, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index backfill: {Count} items stored before the search index can now be searched and filtered by tag")]
    private partial void LogFolded(long count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Story index backfill: {Count} items stored before story matching now have matching text and index keys")]
    private partial void LogIndexed(long count);
}

/// <summary>The backfill in the worker's background, started after migrations: polls go on while
/// it runs. A failure is logged and left for the next start rather than stopping the host.</summary>
internal sealed partial class StoryIndexBackfillService(StoryIndexBackfiller backfiller, ILogger<StoryIndexBackfillService> logger) : BackgroundService
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await backfiller.RunAsync(Pause, stoppingToken);
            await backfiller.FoldForSearchAsync(Pause, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Story index backfill failed; it resumes at the next start")]
    private partial void LogFailed(Exception exception);
}
