using FeedHub.Core.Scheduling;
using FeedHub.Core.Storage;

namespace FeedHub.Tests.Scheduling;

public sealed class AbsentClaimantsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 21, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);
    private const string Self = "this";

    // A lease as a claim at T0 gives it; a later claim gives a later one.
    private static AbsentClaimant Claimant(string node, int claimedAtSecond = 0) => new(node, T0.AddHours(1).AddSeconds(claimedAtSecond));

    [Fact]
    public void A_worker_keeps_its_claims_until_it_has_been_absent_for_the_grace_period()
    {
        var absent = new AbsentClaimants(Grace);

        Assert.Empty(absent.Overdue([Claimant("slow")], T0, Self));
        Assert.Empty(absent.Overdue([Claimant("slow")], T0 + Grace - TimeSpan.FromMilliseconds(1), Self));
        Assert.Equal(["slow"], absent.Overdue([Claimant("slow")], T0 + Grace, Self));
        Assert.Equal(["slow"], absent.Overdue([Claimant("slow")], T0 + Grace + TimeSpan.FromSeconds(1), Self));
    }

    [Fact]
    public void A_worker_that_checks_in_again_starts_a_new_absence_when_it_leaves_again()
    {
        var absent = new AbsentClaimants(Grace);
        Assert.Empty(absent.Overdue([Claimant("slow")], T0, Self));

        // Listed again (or its claims gone): forgotten.
        Assert.Empty(absent.Overdue([], T0 + TimeSpan.FromSeconds(10), Self));

        Assert.Empty(absent.Overdue([Claimant("slow")], T0 + TimeSpan.FromSeconds(20), Self));
        Assert.Empty(absent.Overdue([Claimant("slow")], T0 + TimeSpan.FromSeconds(34), Self));
        Assert.Equal(["slow"], absent.Overdue([Claimant("slow")], T0 + TimeSpan.FromSeconds(35), Self));
    }

    [Fact]
    public void Each_worker_is_timed_from_its_own_first_absence()
    {
        var absent = new AbsentClaimants(Grace);
        Assert.Empty(absent.Overdue([Claimant("a")], T0, Self));
        Assert.Empty(absent.Overdue([Claimant("a"), Claimant("b")], T0 + TimeSpan.FromSeconds(10), Self));

        Assert.Equal(["a"], absent.Overdue([Claimant("b"), Claimant("a")], T0 + TimeSpan.FromSeconds(16), Self));
        Assert.Equal(["b"], absent.Overdue([Claimant("b")], T0 + TimeSpan.FromSeconds(25), Self));
    }

    [Fact]
    public void No_grace_hands_back_at_the_first_sight_and_a_negative_one_is_refused()
    {
        Assert.Equal(["dead"], new AbsentClaimants(TimeSpan.Zero).Overdue([Claimant("dead")], T0, Self));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AbsentClaimants(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void The_worker_asking_never_hands_back_its_own_claims()
    {
        var absent = new AbsentClaimants(Grace);
        Assert.Empty(absent.Overdue([Claimant(Self), Claimant("dead")], T0, Self));

        Assert.Equal(["dead"], absent.Overdue([Claimant(Self), Claimant("dead")], T0 + Grace, Self));
        Assert.Empty(absent.Overdue([Claimant(Self)], T0 + (Grace * 10), Self));

        // Another worker's view of the same absence hands them back as for any worker.
        var other = new AbsentClaimants(Grace);
        Assert.Empty(other.Overdue([Claimant(Self)], T0, "other"));
        Assert.Equal([Self], other.Overdue([Claimant(Self)], T0 + Grace, "other"));
    }

    [Fact]
    public void A_new_claim_by_an_absent_worker_proves_it_alive_and_times_its_absence_afresh()
    {
        var absent = new AbsentClaimants(Grace);
        Assert.Empty(absent.Overdue([Claimant("slow")], T0, Self));

        // Back in the list and away again between this worker's ticks, claiming meanwhile: its two
        // short absences do not add up to the grace period.
        Assert.Empty(absent.Overdue([Claimant("slow", claimedAtSecond: 12)], T0 + Grace, Self));
        Assert.Empty(absent.Overdue([Claimant("slow", claimedAtSecond: 12)], T0 + Grace + TimeSpan.FromSeconds(14), Self));
        Assert.Equal(["slow"], absent.Overdue([Claimant("slow", claimedAtSecond: 12)], T0 + Grace + Grace, Self));

        // A lease that went back (its latest claim ended) proves nothing.
        var other = new AbsentClaimants(Grace);
        Assert.Empty(other.Overdue([Claimant("dead", claimedAtSecond: 5)], T0, Self));
        Assert.Equal(["dead"], other.Overdue([Claimant("dead")], T0 + Grace, Self));
    }
}
