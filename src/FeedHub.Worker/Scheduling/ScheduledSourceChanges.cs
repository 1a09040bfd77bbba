using FeedHub.Administration;
using FeedHub.Core.Storage;
using Quartz;

namespace FeedHub.Worker.Scheduling;

/// <summary>In the running worker: wakes the schedule synchronizer after every admin change, and
/// moves a source's next poll to now when its URL or interval changed or a refresh was asked for:
/// its job's trigger with Quartz in memory, its due time in the table in a cluster.</summary>
internal sealed class ScheduledSourceChanges(ScheduleSignal signal, ISchedulerFactory schedulers, ISourceClaims claims, SchedulingMode mode, TimeProvider time) : ISourceChangeObserver
{
    public async Task SourcesChangedAsync(long? sourceId, bool pollSoon, CancellationToken cancellationToken)
    {
        signal.SourcesChanged();
        if (pollSoon && sourceId is long id)
        {
            await PollNowAsync(id, cancellationToken);
        }
    }

    /// <summary>Fires the source's job now. False when it has no job (paused, or not yet picked up
    /// by the synchronizer, which schedules a first poll soon anyway). In a cluster the source is
    /// made due, and the next claim (within a second) takes it; false when it is paused or gone.</summary>
    public async Task<bool> PollNowAsync(long sourceId, CancellationToken cancellationToken)
    {
        if (mode.Clustered)
        {
            return await claims.MakeDueAsync(sourceId, time.GetUtcNow(), cancellationToken);
        }

        IScheduler scheduler = await schedulers.GetScheduler(cancellationToken);
        if (!await scheduler.Exists(SourceJobKeys.Job(sourceId), cancellationToken))
        {
            return false;
        }

        // The job keeps one trigger, re-armed by each poll; replacing it (or adding it back, when a
        // poll has just consumed it) keeps Quartz's one-run-per-source rule.
        ITrigger now = SourceJobKeys.OneShot(sourceId, time.GetUtcNow());
        try
        {
            await scheduler.ScheduleJob(now, ScheduleJobOptions.Replacing, cancellationToken);
        }
        catch (JobPersistenceException)
        {
            // The synchronizer removed the job between the check and the trigger (a pause it was
            // still applying): as with no job, it schedules a first poll once it sees the source again.
            if (await scheduler.Exists(SourceJobKeys.Job(sourceId), cancellationToken))
            {
                throw;
            }

            return false;
        }

        return true;
    }
}
