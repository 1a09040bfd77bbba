using FeedHub.Core.Scheduling;
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
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        long sourceId = SourceJobKeys.SourceIdOf(context.JobDetail);
        PollEnd end = await poll.RunAsync(sourceId, context.ScheduledFireTimeUtc, context.FireTimeUtc, claimedBy: null, cancellationToken);
        if (end.Cancelled)
        {
            return;
        }

        if (end.NextDueAt is not DateTimeOffset next)
        {
            await context.Scheduler.DeleteJob(context.JobDetail.Key, CancellationToken.None);
            return;
        }

        // A trigger set while this poll ran (an edit the synchronizer followed, a poll asked for) has
        // a fire time of its own, where the one that fired has none left: if it is the earlier, it stands.
        ITrigger? current = await context.Scheduler.GetTrigger(context.Trigger.Key, CancellationToken.None);
        if (current?.NextFireTimeUtc is DateTimeOffset set && set < next)
        {
            return;
        }

        await context.Scheduler.RescheduleJob(context.Trigger.Key, SourceJobKeys.OneShot(sourceId, next), CancellationToken.None);
    }
}

/// <summary>How a poll ended, for whoever schedules the next one.</summary>
/// <param name="NextDueAt">When the source is due next; null when it should not be polled (gone or paused).</param>
/// <param name="Recorded">The refresh wrote the outcome and <paramref name="NextDueAt"/> on the source row.</param>
/// <param name="Cancelled">Shutdown cut the poll short; nothing was recorded.</param>
internal sealed record PollEnd(DateTimeOffset? NextDueAt, bool Recorded, bool Cancelled);

/// <summary>One poll of a source, with its lag recorded and its failures contained: whatever
/// happens, the caller learns when the source is due next.</summary>
internal sealed partial class SourcePoll(
    FeedRefresher refresher,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    SchedulerMetrics metrics,
    IOptions<FeedSchedulingOptions> options,
    ILogger<SourcePoll> logger)
{
    /// <param name="dueAt">When the poll was due (null: a first poll with no due time).</param>
    /// <param name="startedAt">When it was started, for the scheduler's lag.</param>
    /// <param name="claimedBy">The clustered worker whose claim the poll runs under, or null
    /// (<see cref="Core.Sources.PollOutcome.ClaimedBy"/>).</param>
    public async Task<PollEnd> RunAsync(long sourceId, DateTimeOffset? dueAt, DateTimeOffset startedAt, string? claimedBy, CancellationToken cancellationToken)
    {
        metrics.PollStarted(dueAt, startedAt);
        if (dueAt is DateTimeOffset due)
        {
            // Each poll's own lag, for a look closer than the histogram's buckets (and for the
            // cluster benchmark's percentiles).
            LogStarted(sourceId, due, (startedAt - due).TotalMilliseconds);
        }

        // Quartz does not cancel running jobs when the host stops; SIGTERM must reach the fetch.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            RefreshResult result = await refresher.RefreshAsync(sourceId, claimedBy, cancellation.Token);
            return new PollEnd(result.NextDueAt, Recorded: result.Status != RefreshStatus.Skipped, Cancelled: false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            LogCancelled(sourceId);
            return new PollEnd(dueAt, Recorded: false, Cancelled: true);
        }
        catch (Exception ex)
        {
            // The store failed and could not even record that (disk full, database gone): nothing
            // was committed, so the next poll fetches everything again. Try again after the same
            // short pause the refresher gives a recorded store failure, so polls resume as soon as
            // the database is back.
            TimeSpan retry = options.Value.DefaultInterval < PollSchedule.StoreRetry ? options.Value.DefaultInterval : PollSchedule.StoreRetry;
            LogUnexpected(ex, sourceId, retry.TotalSeconds);
            return new PollEnd(time.GetUtcNow().Add(retry), Recorded: false, Cancelled: false);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Poll of {SourceId} due at {DueAt:O} started {LagMilliseconds:F0} ms late")]
    private partial void LogStarted(long sourceId, DateTimeOffset dueAt, double lagMilliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll of {SourceId} cancelled by shutdown")]
    private partial void LogCancelled(long sourceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poll of {SourceId} failed unexpectedly; retrying in {RetrySeconds:F0} s")]
    private partial void LogUnexpected(Exception exception, long sourceId, double retrySeconds);
}
