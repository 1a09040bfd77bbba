using FeedHub.Ingestion.Refreshing;
using FeedHub.Worker.Operations.Metrics;
using Microsoft.Extensions.Options;
using Quartz;

namespace FeedHub.Worker.Scheduling;

/// <summary>Polls one source, then re-arms its own trigger for the time the refresh computed
/// (interval, backoff or Retry-After). Quartz never runs two of these for one source at once.</summary>
[DisallowConcurrentExecution]
internal sealed partial class PollSourceJob(
    FeedRefresher refresher,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    SchedulerMetrics metrics,
    IOptions<FeedSchedulingOptions> options,
    ILogger<PollSourceJob> logger) : IJob
{
    /// <summary>Longest wait before a poll the store failed is tried again.</summary>
    private static readonly TimeSpan StoreRetry = TimeSpan.FromMinutes(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        long sourceId = context.MergedJobDataMap.GetLong(SourceJobKeys.SourceIdKey);
        metrics.PollStarted(context.ScheduledFireTimeUtc, context.FireTimeUtc);

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

        await context.Scheduler.RescheduleJob(context.Trigger.Key, SourceJobKeys.OneShot(sourceId, next.Value), CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll of {SourceId} cancelled by shutdown")]
    private partial void LogCancelled(long sourceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poll of {SourceId} failed unexpectedly; retrying in {RetrySeconds:F0} s")]
    private partial void LogUnexpected(Exception exception, long sourceId, double retrySeconds);
}
