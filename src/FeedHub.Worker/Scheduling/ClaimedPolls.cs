using System.Collections.Concurrent;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Fetching;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Scheduling;

/// <summary>This worker's polls of the sources it claimed from the cluster's shared table. It claims
/// no more than it can start soon (a few per fetch slot: polls queue for slots and lanes inside the
/// fetcher), so due sources it could not start stay in the table for the other workers. A poll's own
/// record ends its claim; a poll that records nothing (cut short by shutdown, failed in the store, or
/// of a source that went away) hands its claim back here.</summary>
internal sealed partial class ClaimedPolls(
    IServiceScopeFactory scopes,
    ISourceClaims claims,
    TimeProvider time,
    IOptions<FetchOptions> fetch,
    ILogger<ClaimedPolls> logger) : IHostedService
{
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Polls this worker runs at once.</summary>
    public int Capacity => fetch.Value.MaxConcurrency * 4;

    /// <summary>How many more claims this worker can take now; none once it is stopping.</summary>
    public int FreeSlots => _stopping.IsCancellationRequested ? 0 : Math.Max(0, Capacity - _running.Count);

    /// <summary>Starts the poll of a source <paramref name="node"/> has just claimed.</summary>
    public void Start(string node, SourceClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var started = new TaskCompletionSource();
        Task poll = PollAsync(node, claim, started.Task);
        if (!_running.TryAdd(claim.SourceId, poll))
        {
            // Claimed again while this worker still polls it: only possible once its lease ran out,
            // which a poll never outlives; the running poll is the one that counts.
            LogAlreadyPolling(claim.SourceId);
            started.SetCanceled();
            return;
        }

        started.SetResult();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Cuts running polls short; each hands its claim back as it was, due when it was due,
    /// so another worker takes it at once.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken);
    }

    private async Task PollAsync(string node, SourceClaim claim, Task started)
    {
        try
        {
            await started;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            SourcePoll poll = scope.ServiceProvider.GetRequiredService<SourcePoll>();
            PollEnd end = await poll.RunAsync(claim.SourceId, claim.DueAt, time.GetUtcNow(), claimedBy: node, _stopping.Token);
            if (!end.Recorded)
            {
                await claims.ReleaseAsync(claim.SourceId, node, end.NextDueAt, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            // The hand-back itself failed (the database is gone): the claim's lease, or the cluster's
            // hand-back of a dead worker's claims, frees the source later.
            LogReleaseFailed(ex, claim.SourceId);
        }
        finally
        {
            _running.TryRemove(claim.SourceId, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {SourceId} was claimed while this worker still polls it; the claim is left to the running poll")]
    private partial void LogAlreadyPolling(long sourceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unable to hand back the claim of source {SourceId}; it is due again when its lease ends")]
    private partial void LogReleaseFailed(Exception exception, long sourceId);
}
