using FeedHub.Core.Scheduling;

namespace FeedHub.Tests.Scheduling;

public sealed class PollCadenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CadenceSettings Settings = new(TimeSpan.FromMinutes(5), TimeSpan.FromHours(24), TimeSpan.FromMinutes(15));

    private static EffectiveInterval Decide(IReadOnlyList<DateTimeOffset>? entries = null, PublisherHints? hints = null, TimeSpan? fixedInterval = null) =>
        PollCadence.Decide(fixedInterval, entries ?? [], hints ?? PublisherHints.None, Now, Settings);

    private static List<DateTimeOffset> Every(TimeSpan gap, int count, TimeSpan? startAgo = null) =>
        Enumerable.Range(0, count).Select(i => Now - (startAgo ?? TimeSpan.Zero) - (gap * i)).ToList();

    [Fact]
    public void A_new_source_starts_at_the_default_interval()
    {
        EffectiveInterval effective = Decide();

        Assert.Equal(TimeSpan.FromMinutes(15), effective.Interval);
        Assert.Equal("default: nothing posted is known yet", effective.Reason);
    }

    [Fact]
    public void Three_entries_a_day_are_polled_twice_per_gap()
    {
        EffectiveInterval effective = Decide(Every(TimeSpan.FromHours(8), 22, TimeSpan.FromHours(1)));

        Assert.Equal(TimeSpan.FromHours(4), effective.Interval);
        Assert.Equal("posting rate: ~3/day", effective.Reason);
    }

    [Fact]
    public void A_fast_poster_is_raised_to_the_minimum()
    {
        EffectiveInterval effective = Decide(Every(TimeSpan.FromMinutes(2), 64));

        Assert.Equal(TimeSpan.FromMinutes(5), effective.Interval);
        Assert.StartsWith("posting rate: ~", effective.Reason, StringComparison.Ordinal);
        Assert.EndsWith(", raised to MinInterval 5 min", effective.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_burst_of_entries_does_not_drive_a_weekly_source_to_the_minimum()
    {
        // Twenty entries within ten minutes, six days ago, and nothing since: a bulk upload.
        List<DateTimeOffset> burst = Every(TimeSpan.FromSeconds(30), 20, TimeSpan.FromDays(6));

        EffectiveInterval effective = Decide(burst);

        Assert.True(effective.Interval >= TimeSpan.FromHours(3), $"{effective.Interval} after a burst");
        Assert.Equal("posting rate: ~3.3/day", effective.Reason);
    }

    [Fact]
    public void A_burst_just_now_is_averaged_over_at_least_a_day()
    {
        EffectiveInterval effective = Decide(Every(TimeSpan.FromSeconds(10), 12));

        Assert.Equal(TimeSpan.FromHours(1), effective.Interval);
        Assert.Equal("posting rate: ~12/day", effective.Reason);
    }

    [Fact]
    public void A_dead_source_reaches_the_maximum()
    {
        EffectiveInterval effective = Decide(Every(TimeSpan.FromDays(1), 5, TimeSpan.FromDays(20)));

        Assert.Equal(TimeSpan.FromHours(24), effective.Interval);
        Assert.Equal("no new entries for 20 days, capped at MaxInterval 24 h", effective.Reason);
    }

    [Fact]
    public void A_slow_poster_is_capped_at_the_maximum()
    {
        EffectiveInterval effective = Decide([Now - TimeSpan.FromDays(2), Now - TimeSpan.FromDays(6)]);

        Assert.Equal(TimeSpan.FromHours(24), effective.Interval);
        Assert.Equal("posting rate: ~2.3/week, capped at MaxInterval 24 h", effective.Reason);
    }

    [Fact]
    public void With_nothing_posted_known_the_publishers_ttl_replaces_the_default()
    {
        EffectiveInterval effective = Decide(hints: new PublisherHints { Ttl = TimeSpan.FromMinutes(60), MaxAge = TimeSpan.FromMinutes(30) });

        Assert.Equal(TimeSpan.FromMinutes(60), effective.Interval);
        Assert.Equal("ttl 60 min", effective.Reason);
    }

    [Fact]
    public void A_hint_longer_than_the_posting_rate_wins()
    {
        EffectiveInterval effective = Decide(Every(TimeSpan.FromHours(1), 48), new PublisherHints { MaxAge = TimeSpan.FromHours(2) });

        Assert.Equal(TimeSpan.FromHours(2), effective.Interval);
        Assert.Equal("Cache-Control max-age 2 h", effective.Reason);
    }

    [Fact]
    public void A_hint_shorter_than_the_posting_rate_does_not_speed_polls_up()
    {
        EffectiveInterval effective = Decide(Every(TimeSpan.FromHours(8), 22, TimeSpan.FromHours(1)), new PublisherHints { Ttl = TimeSpan.FromMinutes(10) });

        Assert.Equal(TimeSpan.FromHours(4), effective.Interval);
        Assert.Equal("posting rate: ~3/day", effective.Reason);
    }

    [Fact]
    public void Hints_below_the_minimum_are_clamped()
    {
        EffectiveInterval effective = Decide(hints: new PublisherHints { MaxAge = TimeSpan.FromSeconds(30), Expires = TimeSpan.FromSeconds(60) });

        Assert.Equal(TimeSpan.FromMinutes(5), effective.Interval);
        Assert.Equal("Expires in 60 s, raised to MinInterval 5 min", effective.Reason);
    }

    [Fact]
    public void Hints_above_the_maximum_are_clamped()
    {
        EffectiveInterval effective = Decide(hints: new PublisherHints { UpdatePeriod = TimeSpan.FromDays(7) });

        Assert.Equal(TimeSpan.FromHours(24), effective.Interval);
        Assert.Equal("sy:updatePeriod 7 days, capped at MaxInterval 24 h", effective.Reason);
    }

    [Fact]
    public void A_fixed_interval_overrides_rate_hints_and_bounds()
    {
        var hints = new PublisherHints { Ttl = TimeSpan.FromHours(3), SkipHours = [0, 1, 2] };

        EffectiveInterval effective = Decide(Every(TimeSpan.FromMinutes(1), 64), hints, fixedInterval: TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(30), effective.Interval);
        Assert.Equal(PollCadence.FixedReason, effective.Reason);
    }

    [Fact]
    public void Skip_hours_and_days_are_named_in_the_reason()
    {
        var hints = new PublisherHints { SkipHours = [5, 0, 1, 2, 3, 4, 22], SkipDays = [DayOfWeek.Sunday, DayOfWeek.Saturday] };

        EffectiveInterval effective = Decide(hints: hints);

        Assert.Equal("default: nothing posted is known yet; skipHours 0-5, 22; skipDays Sunday, Saturday", effective.Reason);
    }

    [Fact]
    public void A_due_time_in_skip_hours_moves_forward_to_the_first_allowed_hour()
    {
        var hints = new PublisherHints { SkipHours = [0, 1, 2, 3, 4, 5] };

        DateTimeOffset due = PollCadence.SkipForward(new DateTimeOffset(2026, 12, 1, 23, 40, 0, TimeSpan.Zero).AddHours(1), hints);

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void A_due_time_outside_skip_hours_stays()
    {
        var due = new DateTimeOffset(2026, 12, 1, 7, 13, 0, TimeSpan.Zero);

        Assert.Equal(due, PollCadence.SkipForward(due, new PublisherHints { SkipHours = [0, 1] }));
    }

    [Fact]
    public void Skip_days_move_the_due_time_to_the_next_allowed_day_in_gmt()
    {
        // 2026-12-05 is a Saturday; 20:00 at +07:00 is 13:00 GMT that day.
        var due = new DateTimeOffset(2026, 12, 5, 20, 0, 0, TimeSpan.FromHours(7));

        DateTimeOffset moved = PollCadence.SkipForward(due, new PublisherHints { SkipDays = [DayOfWeek.Saturday, DayOfWeek.Sunday] });

        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), moved);
    }

    [Fact]
    public void Hints_that_skip_every_hour_are_ignored()
    {
        var due = new DateTimeOffset(2026, 12, 1, 7, 13, 0, TimeSpan.Zero);

        Assert.Equal(due, PollCadence.SkipForward(due, new PublisherHints { SkipHours = Enumerable.Range(0, 24).ToList() }));
    }

    [Fact]
    public void A_schedule_on_an_effective_interval_skips_forward()
    {
        var schedule = new PollSchedule(new PollScheduleSettings(TimeSpan.FromMinutes(15), TimeSpan.FromHours(6), 0.1, TimeSpan.Zero), () => 0.5);
        var now = new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.Zero);

        DateTimeOffset next = schedule.AfterSuccess(new EffectiveInterval(TimeSpan.FromHours(2), "ttl 2 h"), new PublisherHints { SkipHours = [1, 2, 3] }, now);

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void Backoff_starts_from_the_effective_interval()
    {
        var schedule = new PollSchedule(new PollScheduleSettings(TimeSpan.FromMinutes(15), TimeSpan.FromHours(6), 0.1, TimeSpan.Zero), () => 0.5);
        EffectiveInterval effective = Decide(Every(TimeSpan.FromHours(8), 22, TimeSpan.FromHours(1)));

        var waits = Enumerable.Range(1, 3).Select(n => schedule.AfterFailure(effective.Interval, n, null, Now) - Now).ToList();

        // Four hours is already past MaxBackoff (6 h) after one doubling: the cap is never below the interval.
        Assert.Equal([4, 6, 6], waits.Select(w => w.TotalHours));
    }

    [Fact]
    public void History_keeps_distinct_recent_past_times_newest_first()
    {
        IReadOnlyList<DateTimeOffset> kept = [Now.AddHours(-1), Now.AddDays(-40)];

        IReadOnlyList<DateTimeOffset> merged = PostingHistory.Merge(kept, [Now.AddHours(-1), Now.AddHours(-2), null, Now.AddDays(3), Now.AddMinutes(5)], Now);

        Assert.Equal([Now, Now.AddHours(-1), Now.AddHours(-2)], merged);
    }

    [Fact]
    public void History_is_bounded()
    {
        IReadOnlyList<DateTimeOffset> merged = PostingHistory.Merge([], Every(TimeSpan.FromMinutes(1), 500).Select(t => (DateTimeOffset?)t), Now);

        Assert.Equal(PostingHistory.Kept, merged.Count);
        Assert.Equal(Now, merged[0]);
    }
}
