using Microsoft.Extensions.Logging;

namespace FeedHub.Ingestion.Refreshing;

/// <summary>Refreshes many sources now, in parallel up to a limit: the one-shot mode behind
/// <c>refresh --all</c> and <c>refresh --source ID</c>.</summary>
public sealed partial class RefreshBatch(FeedRefresher refresher, ILogger<RefreshBatch> logger)
{
    /// <summary>Polls run at once per fetch slot (<c>FeedHub:Fetch:MaxConcurrency</c>), as the worker
    /// claims them. The fetcher's throttle bounds the fetches; the other polls wait for a slot, or for
    /// their write's commit. With one poll per slot, every poll waiting for its commit held a slot, no
    /// fetch ran while the SQLite writer committed, and its batches held one or two polls: a COMMIT,
    /// and the row's and the due index's pages written again to the WAL, for nearly every poll.</summary>
    public const int PollsPerFetchSlot = 4;

    /// <summary>How many polls <c>refresh</c> runs at once when <paramref name="fetchSlots"/> fetches may run at once.</summary>
    public static int PollsInFlight(int fetchSlots) => Math.Max(1, fetchSlots) * PollsPerFetchSlot;

    /// <param name="progress">Told the number of sources done so far after each one.</param>
    public async Task<RefreshSummary> RunAsync(IReadOnlyCollection<long> sourceIds, int maxConcurrency, CancellationToken cancellationToken, IProgress<int>? progress = null)
    {
        var results = new RefreshResult[sourceIds.Count];
        int done = 0;
        var indexed = sourceIds.Select((id, index) => (id, index));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxConcurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(indexed, parallel, async (entry, ct) =>
        {
            results[entry.index] = await RefreshOneAsync(entry.id, ct);
            progress?.Report(Interlocked.Increment(ref done));
        });
        return new RefreshSummary(results);
    }

    private async Task<RefreshResult> RefreshOneAsync(long sourceId, CancellationToken cancellationToken)
    {
        try
        {
            return await refresher.RefreshAsync(sourceId, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever one source does (a row nobody can poll, a bug its feed finds), the batch
            // goes on: the source counts as failed, the others are still polled.
            LogRefreshThrew(ex, sourceId);
            return new RefreshResult(sourceId, RefreshStatus.Failed, Error: $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unable to refresh {SourceId}: the refresh threw")]
    private partial void LogRefreshThrew(Exception exception, long sourceId);
}

public sealed record RefreshSummary(IReadOnlyList<RefreshResult> Results)
{
    public int Polled => Results.Count(r => r.Status != RefreshStatus.Skipped);
    public int NewItems => Results.Sum(r => r.NewItems);
    public int UpdatedItems => Results.Sum(r => r.UpdatedItems);
    public int NotModified => Results.Count(r => r.Status == RefreshStatus.NotModified);
    public int Failed => Results.Count(r => r.Status == RefreshStatus.Failed);
    public int Skipped => Results.Count(r => r.Status == RefreshStatus.Skipped);

    public override string ToString() =>
        $"{Polled} sources polled, {NewItems} new items, {UpdatedItems} updated, {NotModified} not modified, {Failed} failed";
}
