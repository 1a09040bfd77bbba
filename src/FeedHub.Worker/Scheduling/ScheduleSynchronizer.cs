using FeedHub.Core.Scheduling;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using Microsoft.Extensions.Options;
using Quartz;


namespace FeedHub.Worker.Scheduling;

/// <summary>Keeps Quartz's jobs equal to the <c>sources</c> table: a job for every enabled source,
/// none for paused or removed ones. Runs every <see cref="FeedSchedulingOptions.SyncInterval"/>, and
/// at once when <see cref="ScheduleSignal"/> says the table changed.</summary>
internal sealed partial class ScheduleSynchronizer(
    ISchedulerFactory schedulerFactory,
    ISourceStore sources,
    PollSchedule schedule,
    ScheduleSignal signal,
    TimeProvider time,
    IOptions<FeedSchedulingOptions> options,
    ILogger<ScheduleSynchronizer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IScheduler scheduler = await schedulerFactory.GetScheduler(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SyncOnceAsync(scheduler, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSyncFailed(ex);
            }

            try
            {
                await signal.WaitAsync(options.Value.SyncInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task SyncOnceAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        IReadOnlyList<FeedSource> all = await sources.ListAsync(cancellationToken);
        Dictionary<JobKey, FeedSource> wanted = all.Where(s => s.Enabled).ToDictionary(s => SourceJobKeys.Job(s.Id));
        IReadOnlyCollection<JobKey> scheduled = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(SourceJobKeys.Group), cancellationToken);

        foreach (JobKey stale in scheduled.Where(key => !wanted.ContainsKey(key)))
        {
            await scheduler.DeleteJob(stale, cancellationToken);
            LogUnscheduled(stale.Name);
        }

        DateTimeOffset now = time.GetUtcNow();
        foreach ((JobKey key, FeedSource source) in wanted.Where(pair => !scheduled.Contains(pair.Key)))
        {
            IJobDetail job = JobBuilder.Create<PollSourceJob>()
                .WithIdentity(key)
                .UsingJobData(SourceJobKeys.SourceIdKey, source.Id)
                .StoreDurably()
                .Build();
            DateTimeOffset first = schedule.FirstPoll(source.NextDueAt, now);
            await scheduler.ScheduleJob(job, [SourceJobKeys.OneShot(source.Id, first)], ScheduleJobOptions.Replacing, cancellationToken);
            LogScheduled(source.Id, source.Url, first);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {SourceId} {FeedUrl}, first poll at {FirstPoll:u}")]
    private partial void LogScheduled(long sourceId, string feedUrl, DateTimeOffset firstPoll);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unscheduled source {SourceId}: paused or removed")]
    private partial void LogUnscheduled(string sourceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unable to synchronize schedules with the sources table")]
    private partial void LogSyncFailed(Exception exception);
}
