using System.Collections.Concurrent;
using FeedHub.Core.Dates;
using FeedHub.Core.Scheduling;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using Microsoft.Extensions.Options;
using Quartz;

namespace FeedHub.Worker.Scheduling;

/// <summary>Keeps Quartz's jobs equal to the <c>sources</c> table: a job for every enabled source,
/// none for paused or removed ones. Looks every <see cref="FeedSchedulingOptions.SyncInterval"/>, and
/// at once when <see cref="ScheduleSignal"/> says the table changed; between changes a look is one
/// aggregate row (<see cref="ISourceStore.GetStampAsync"/>), not the whole table. Quartz in memory
/// only: a cluster claims due sources from the table instead (<see cref="ClaimDueSourcesJob"/>).</summary>
internal sealed partial class ScheduleSynchronizer(
    ISchedulerFactory schedulerFactory,
    ISourceStore sources,
    PollSchedule schedule,
    CadenceSettings cadence,
    ScheduleSignal signal,
    TimeProvider time,
    IOptions<FeedSchedulingOptions> options,
    ILogger<ScheduleSynchronizer> logger) : BackgroundService
{
    // What each job was scheduled for (URL and interval), to notice edits made elsewhere. Only here:
    // the jobs are this process's own (Quartz in memory), and job data of their own was a 15-entry
    // dictionary per job, ~7 MB at 10,000 sources (docs/load.md, "The worker's memory").
    private readonly ConcurrentDictionary<JobKey, string> _definitions = new();

    // The stamp the last whole sync started from, and when it ran.
    private SourceTableStamp? _synced;
    private DateTimeOffset _syncedAt;

    /// <summary>A whole sync at least this often even when the stamp says nothing changed: an edit
    /// stamped by a clock running behind this one's (another machine's command line) leaves the
    /// latest <c>updated_at</c> as it was, and a job lost on the way (a poll that found its source
    /// missing in a race with an edit) is put back.</summary>
    internal static readonly TimeSpan WholeSyncEvery = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IScheduler scheduler = await schedulerFactory.GetScheduler(stoppingToken);
        bool signalled = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SyncIfChangedAsync(scheduler, signalled, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSyncFailed(ex);
            }

            try
            {
                signalled = await signal.WaitAsync(options.Value.SyncInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A whole sync when the table's stamp moved, a change was signalled, or
    /// <see cref="WholeSyncEvery"/> passed; otherwise nothing beyond reading the stamp.</summary>
    public async Task SyncIfChangedAsync(IScheduler scheduler, bool signalled, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        // Read before the list: a change landing in between moves the next stamp, so it is synced then.
        SourceTableStamp stamp = await sources.GetStampAsync(cancellationToken);
        if (!signalled && stamp == _synced && now - _syncedAt < WholeSyncEvery)
        {
            return;
        }

        await SyncOnceAsync(scheduler, cancellationToken);
        _synced = stamp;
        _syncedAt = now;
    }

    public async Task SyncOnceAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        // The four columns the schedule follows, not whole sources: this runs once a minute.
        IReadOnlyList<ScheduledSource> enabled = await sources.ListScheduledAsync(cancellationToken);
        Dictionary<JobKey, ScheduledSource> wanted = enabled.ToDictionary(s => SourceJobKeys.Job(s.Id));
        // A set: Quartz hands back a list, and a lookup per source in it grew with the square of
        // the sources (two thirds of an idle worker's CPU at 10,000).
        HashSet<JobKey> scheduled = [.. await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(SourceJobKeys.Group), cancellationToken)];

        foreach (JobKey stale in scheduled.Where(key => !wanted.ContainsKey(key)))
        {
            await scheduler.DeleteJob(stale, cancellationToken);
            _definitions.TryRemove(stale, out _);
            LogUnscheduled(stale.Name);
        }

        DateTimeOffset now = time.GetUtcNow();
        // New jobs go in batches: in the database each call is a transaction under Quartz's lock,
        // and a first start with thousands of sources would otherwise take a lock round per source.
        var added = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>();
        foreach ((JobKey key, ScheduledSource source) in wanted)
        {
            if (!scheduled.Contains(key))
            {
                DateTimeOffset first = schedule.FirstPoll(source.NextDueAt, now);
                added[JobFor(source.Id)] = [SourceJobKeys.OneShot(source.Id, first)];
                _definitions[key] = SourceJobKeys.DefinitionOf(source.Url, source.Interval);
                LogScheduled(source.Id, source.Url, IsoTime.Utc(first));
                if (added.Count == AddBatchSize)
                {
                    await scheduler.ScheduleJobs(added, ScheduleJobOptions.Replacing, cancellationToken);
                    added.Clear();
                }
            }
            else if (!_definitions.TryGetValue(key, out string? known))
            {
                // Not seen by this sync yet (a job it did not add): followed from now on.
                _definitions[key] = SourceJobKeys.DefinitionOf(source.Url, source.Interval);
            }
            else if (!SourceJobKeys.IsDefinition(known, source.Url, source.Interval)
                && await sources.GetAsync(source.Id, cancellationToken) is { } edited)
            {
                // The whole source only here: the next poll follows its effective interval.
                await FollowEditAsync(scheduler, edited, now, cancellationToken);
                _definitions[key] = SourceJobKeys.DefinitionOf(edited.Url, edited.Interval);
            }
        }

        if (added.Count > 0)
        {
            await scheduler.ScheduleJobs(added, ScheduleJobOptions.Replacing, cancellationToken);
        }
    }

    private const int AddBatchSize = 500;

    /// <summary>The URL or interval was edited (by the command line, another replica or the API):
    /// the next poll comes no later than one new interval from now, so a shortened interval takes
    /// effect at once rather than after the old, longer wait.</summary>
    private async Task FollowEditAsync(IScheduler scheduler, FeedSource source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset byNewInterval = schedule.AfterSuccess(PollCadence.Current(source.Interval, source.Effective, cadence), PublisherHints.None, now);
        ITrigger? current = await scheduler.GetTrigger(SourceJobKeys.Trigger(source.Id), cancellationToken);
        DateTimeOffset? pending = current?.NextFireTimeUtc;
        if (pending is null || pending > byNewInterval)
        {
            await scheduler.ScheduleJob(SourceJobKeys.OneShot(source.Id, byNewInterval), ScheduleJobOptions.Replacing, cancellationToken);
            pending = byNewInterval;
        }

        LogRescheduled(source.Id, source.Url, IsoTime.Utc(pending.Value));
    }

    // No job data: the source id is the job's name.
    private static IJobDetail JobFor(long sourceId) => JobBuilder.Create<PollSourceJob>()
        .WithIdentity(SourceJobKeys.Job(sourceId))
        .StoreDurably()
        .Build();

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId} {FeedUrl} was edited; next poll at {NextPoll}")]
    private partial void LogRescheduled(long sourceId, string feedUrl, string nextPoll);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {SourceId} {FeedUrl}, first poll at {FirstPoll}")]
    private partial void LogScheduled(long sourceId, string feedUrl, string firstPoll);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unscheduled source {SourceId}: paused or removed")]
    private partial void LogUnscheduled(string sourceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unable to synchronize schedules with the sources table")]
    private partial void LogSyncFailed(Exception exception);
}
