using Quartz;

namespace FeedHub.Worker.Scheduling;

/// <summary>In a cluster, the reconciliation of Quartz's jobs with the <c>sources</c> table as a
/// Quartz job of its own: its repeating trigger fires on one node per tick, and never on two at
/// once, so a change is followed once for the whole cluster rather than once per node.</summary>
[DisallowConcurrentExecution]
internal sealed class ScheduleSyncJob(ScheduleSynchronizer synchronizer) : IJob
{
    public static readonly JobKey Key = new("schedule-sync", "feedhub");
    private static readonly TriggerKey RoutineKey = new("schedule-sync", "feedhub");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await synchronizer.SyncOnceAsync(context.Scheduler, cancellationToken);

    /// <summary>Every node makes sure the job and its routine trigger exist; the first one to start
    /// creates them, the rest find them (the interval is updated when it changed).</summary>
    public static async Task EnsureScheduledAsync(IScheduler scheduler, TimeSpan interval, CancellationToken cancellationToken)
    {
        IJobDetail job = JobBuilder.Create<ScheduleSyncJob>().WithIdentity(Key).StoreDurably().Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
        ITrigger routine = TriggerBuilder.Create()
            .WithIdentity(RoutineKey)
            .ForJob(Key)
            .StartNow()
            // A tick missed while every node was busy or down is simply skipped: the next one syncs.
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        if (await scheduler.GetTrigger(RoutineKey, cancellationToken) is ISimpleTrigger { RepeatInterval: var current } && current == interval)
        {
            return;
        }

        try
        {
            await scheduler.ScheduleJob(routine, ScheduleJobOptions.Replacing, cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another node starting at the same moment created it first.
        }
    }
}
