using FeedHub.Ingestion.Refreshing;
using FeedHub.Worker.Operations.Metrics;
using Microsoft.Extensions.Options;
using Quartz;

namespace FeedHub.Worker.Scheduling;

/// <summary>Polls one source, then re-arms its own trigger for the time the refresh computed
/// (interval, backoff or Retry-After). Quartz never runs two of these for one source at once.</summary>
[DisallowConcurrentExecution]
internal sealed class PollSourceJob(SourcePoll poll) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => poll.RunAsync(context, cancellationToken);
}

/// <summary>The same poll in a cluster. Quartz fires and completes a job that may run beside itself
/// without its cluster-wide lock row (a compare-and-swap on the trigger row instead), which is what
/// lets several nodes share thousands of sources; a source's polls still never overlap, because its
/// one trigger is re-armed only at the end of its run (an admin's "poll now" can start one early,
/// and storage serializes commits of one source).</summary>
internal sealed class ClusteredPollSourceJob(SourcePoll poll) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => poll.RunAsync(context, cancellationToken);
}

/// <summary>One poll of the source a job names, and the re-arming of its trigger.</summary>
internal sealed partial class SourcePoll(
    FeedRefresher refresher,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    SchedulerMetrics metrics,
    IOptions<FeedSchedulingOptions> options,
    ILogger<SourcePoll> logger)
{
    /// <summary>Longest wait before a poll the store failed is tried again.</summary>
    private static readonly TimeSpan StoreRetry = TimeSpan.FromMinutes(1);

    public async ValueTask RunAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        long sourceId = SourceJobKeys.SourceIdOf(context.JobDetail);
        metrics.PollStarted(context.ScheduledFireTimeUtc, context.FireTimeUtc);
        if (context.ScheduledFireTimeUtc is DateTimeOffset due)
        {
            // Each poll's own lag, for a look closer than the histogram's buckets (and for the
            // cluster benchmark's percentiles). A trigger Quartz judged misfired (over a minute late)
            // is re-fired with a new scheduled time, so its lag shows from that time.
            LogStarted(sourceId, due, (context.FireTimeUtc - due).TotalMilliseconds);
        }

        // Quartz does not cancel running jobs when the host stops; SIGTERM must reach the fetch.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        DateTimeOffset? next;
        try
        {
            RefreshResult result = await refresher.RefreshAsync(sourceId, cancellation.Token);
            next = result.NextDueAt;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            LogCancelled(sourceId);
            return;
        }
        catch (Exception ex)
        {
            // The store itself failed (disk full, database gone): nothing was committed, so the
            // next poll fetches everything again. Try again after a short pause, never longer than
            // a regular interval, so polls resume as soon as the database is back.
            TimeSpan retry = options.Value.DefaultInterval < StoreRetry ? options.Value.DefaultInterval : StoreRetry;
            LogUnexpected(ex, sourceId, retry.TotalSeconds);
            next = time.GetUtcNow().Add(retry);
        }

        if (next is null)
        {
            await context.Scheduler.DeleteJob(context.JobDetail.Key, CancellationToken.None);
            return;
        }

        ITrigger rearmed = SourceJobKeys.OneShot(sourceId, next.Value);
        if (context.Trigger.Key.Equals(rearmed.Key))
        {
            await context.Scheduler.RescheduleJob(context.Trigger.Key, rearmed, CancellationToken.None);
        }
        else
        {
            // A recovery run: another node died during this source's poll and Quartz fired it again
            // here under a trigger of its own, which it removes afterwards; the source's own trigger
            // is put back (or replaced, if the dead node's one survived) for the next poll.
            await context.Scheduler.ScheduleJob(rearmed, ScheduleJobOptions.Replacing, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Poll of {SourceId} due at {DueAt:O} started {LagMilliseconds:F0} ms late")]
    private partial void LogStarted(long sourceId, DateTimeOffset dueAt, double lagMilliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll of {SourceId} cancelled by shutdown")]
    private partial void LogCancelled(long sourceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poll of {SourceId} failed unexpectedly; retrying in {RetrySeconds:F0} s")]
    private partial void LogUnexpected(Exception exception, long sourceId, double retrySeconds);
}
