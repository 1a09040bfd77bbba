using FeedHub.Core.Scheduling;
using FeedHub.Core.Storage;
using Microsoft.Extensions.Options;
using Quartz;

namespace FeedHub.Worker.Scheduling;

/// <summary>The unit of clustered scheduling: a tick of one of a few coarse repeating triggers,
/// shared by the cluster, each tick run by whichever worker Quartz gives it to. The tick hands back
/// the claims of workers the cluster declared dead and that stayed away
/// (<see cref="AbsentClaimants"/>), gives new sources a first poll spread over
/// the start-up window (ten thousand seeded sources are not polled in one burst, nor every interval
/// after), then claims as many due sources as this worker has room for and starts their polls. Quartz's lock row is taken once per tick rather than
/// once per poll, and ten thousand sources are ten thousand rows in <c>sources</c>, not ten thousand
/// jobs (docs/scaling.md has the measurement that decided this).</summary>
internal sealed partial class ClaimDueSourcesJob(
    ClaimedPolls polls,
    ISourceClaims claims,
    PollSchedule schedule,
    AbsentClaimants absent,
    TimeProvider time,
    IOptions<FeedSchedulingOptions> options,
    ILogger<ClaimDueSourcesJob> logger) : IJob
{
    public static readonly JobKey Key = new("claim-due-sources", "feedhub");

    /// <summary>How long a claim keeps a source from the other workers while its worker is alive.
    /// A poll ends well within it (the fetch timeout is at most ten minutes); a dead worker's claims
    /// are handed back soon after the cluster declares it dead, not when this runs out.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromHours(1);

    /// <summary>Most sources one tick claims: one tick never takes a whole backlog, so the workers
    /// share it.</summary>
    public const int MostPerTick = 100;

    /// <summary>Most new sources one tick schedules (one short statement per first-poll slot).</summary>
    public const int MostFirstPollsPerTick = 1000;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        string node = context.Scheduler.SchedulerInstanceId;
        string liveNodes = options.Value.TablePrefix + "scheduler_state";
        string scheduler = context.Scheduler.SchedulerName;
        IReadOnlyList<string> overdue = absent.Overdue(await claims.ListAbsentClaimantsAsync(liveNodes, scheduler, cancellationToken), now, self: node);
        if (overdue.Count > 0)
        {
            int released = await claims.ReleaseClaimsOfAsync(overdue, liveNodes, scheduler, now, cancellationToken);
            LogReleased(released, string.Join(", ", overdue), absent.Grace.TotalSeconds);
        }

        IReadOnlyList<long> unscheduled = await claims.ListUnscheduledAsync(MostFirstPollsPerTick, cancellationToken);
        if (unscheduled.Count > 0)
        {
            await claims.ScheduleFirstPollsAsync([.. unscheduled.Select(id => new FirstPoll(id, schedule.FirstPollSlot(now)))], cancellationToken);
        }

        int room = Math.Min(polls.FreeSlots, MostPerTick);
        if (room == 0)
        {
            return;
        }

        foreach (SourceClaim claim in await claims.ClaimDueAsync(node, room, now, now + Lease, cancellationToken))
        {
            polls.Start(node, claim);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handed back {Count} claims of {Workers}: declared dead by the cluster and away for {GraceSeconds:F1} s since")]
    private partial void LogReleased(int count, string workers, double graceSeconds);
}
