using System.Globalization;
using Quartz;

namespace FeedHub.Worker.Scheduling;

/// <summary>In a cluster: makes sure the coarse triggers of <see cref="ClaimDueSourcesJob"/> exist,
/// as many as configured, each firing once a second, their ticks spread over the second. Every worker
/// does this at start; the first creates them, the rest find them. It also removes what an older
/// build scheduled per source.</summary>
internal sealed partial class ClaimTriggers(
    ISchedulerFactory schedulerFactory,
    Microsoft.Extensions.Options.IOptions<FeedSchedulingOptions> options,
    TimeProvider time,
    ILogger<ClaimTriggers> logger) : BackgroundService
{
    public const string Group = "feedhub";

    /// <summary>How often each coarse trigger fires.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>Most coarse triggers there can be (the range of the option): those past the
    /// configured count are removed.</summary>
    private const int MostTriggers = 64;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IScheduler scheduler = await schedulerFactory.GetScheduler(stoppingToken);
        await EnsureAsync(scheduler, options.Value.ClaimTriggers, time.GetUtcNow(), stoppingToken);
        await RemoveJobsPerSourceAsync(scheduler, stoppingToken);
    }

    public static TriggerKey TriggerKey(int index) => new(string.Create(CultureInfo.InvariantCulture, $"claim-due-sources-{index}"), Group);

    public static async Task EnsureAsync(IScheduler scheduler, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        IJobDetail job = JobBuilder.Create<ClaimDueSourcesJob>().WithIdentity(ClaimDueSourcesJob.Key).StoreDurably().Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
        for (int index = 0; index < MostTriggers; index++)
        {
            TriggerKey key = TriggerKey(index);
            bool exists = await scheduler.Exists(key, cancellationToken);
            if (index >= count)
            {
                if (exists)
                {
                    await scheduler.UnscheduleJob(key, cancellationToken);
                }

                continue;
            }

            if (exists)
            {
                continue;
            }

            ITrigger trigger = TriggerBuilder.Create()
                .WithIdentity(key)
                .ForJob(ClaimDueSourcesJob.Key)
                // Spread over the second, so some worker claims every 1/count of a second.
                .StartAt(now + (Tick * index / count))
                // A tick missed while every worker was busy or down is simply skipped.
                .WithSimpleSchedule(s => s.WithInterval(Tick).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build();
            try
            {
                await scheduler.ScheduleJob(trigger, default(ScheduleJobOptions), cancellationToken);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another worker starting at the same moment created it first.
            }
        }
    }

    /// <summary>Jobs of an older build, one per source (and its reconciliation job), would poll
    /// beside the claims: removed.</summary>
    private async Task RemoveJobsPerSourceAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        IReadOnlyCollection<JobKey> old = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(SourceJobKeys.Group), cancellationToken);
        var legacySync = new JobKey("schedule-sync", Group);
        bool hadSync = await scheduler.Exists(legacySync, cancellationToken);
        if (old.Count == 0 && !hadSync)
        {
            return;
        }

        await scheduler.DeleteJobs([.. old, .. hadSync ? [legacySync] : Array.Empty<JobKey>()], cancellationToken);
        LogRemoved(old.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} per-source jobs left by an older build: sources are claimed from the sources table")]
    private partial void LogRemoved(int count);
}
