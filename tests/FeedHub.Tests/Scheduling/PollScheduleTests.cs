using FeedHub.Core.Scheduling;

namespace FeedHub.Tests.Scheduling;

public sealed class PollScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly PollScheduleSettings Settings = new(TimeSpan.FromMinutes(15), TimeSpan.FromHours(6), 0.1, TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData(0.0, 13.5)]
    [InlineData(0.5, 15.0)]
    [InlineData(0.999999, 16.5)]
    public void A_success_waits_the_interval_with_up_to_ten_percent_jitter(double random, double expectedMinutes)
    {
        var schedule = new PollSchedule(Settings, () => random);

        DateTimeOffset next = schedule.AfterSuccess(null, Now);

        Assert.Equal(expectedMinutes, (next - Now).TotalMinutes, precision: 3);
    }

    [Fact]
    public void A_source_interval_overrides_the_default()
    {
        var schedule = new PollSchedule(Settings, () => 0.5);

        Assert.Equal(TimeSpan.FromHours(1), schedule.AfterSuccess(TimeSpan.FromHours(1), Now) - Now);
    }

    [Fact]
    public void Failures_double_the_wait_up_to_the_cap()
    {
        var schedule = new PollSchedule(Settings, () => 0.5);

        var waits = Enumerable.Range(1, 8).Select(n => schedule.AfterFailure(null, n, null, Now) - Now).ToList();

        Assert.Equal(
            [15, 30, 60, 120, 240, 360, 360, 360],
            waits.Select(w => w.TotalMinutes));
    }

    [Fact]
    public void A_poll_the_store_failed_is_tried_again_within_a_minute_never_later_than_its_interval()
    {
        var schedule = new PollSchedule(Settings, () => 0.5);

        Assert.Equal(TimeSpan.FromMinutes(1), schedule.AfterStoreFailure(null, Now) - Now);
        Assert.Equal(TimeSpan.FromMinutes(1), schedule.AfterStoreFailure(TimeSpan.FromDays(1), Now) - Now);
        Assert.Equal(TimeSpan.FromSeconds(20), schedule.AfterStoreFailure(TimeSpan.FromSeconds(20), Now) - Now);
    }

    [Fact]
    public void The_cap_never_makes_a_failing_source_poll_more_often_than_its_interval()
    {
        var schedule = new PollSchedule(Settings, () => 0.5);

        Assert.Equal(TimeSpan.FromDays(1), schedule.AfterFailure(TimeSpan.FromDays(1), 3, null, Now) - Now);
    }

    [Fact]
    public void Retry_after_wins_when_it_is_later_than_the_backoff()
    {
        var schedule = new PollSchedule(Settings, () => 0.5);

        Assert.Equal(TimeSpan.FromHours(1), schedule.AfterFailure(null, 1, TimeSpan.FromHours(1), Now) - Now);
        Assert.Equal(TimeSpan.FromMinutes(15), schedule.AfterFailure(null, 1, TimeSpan.FromSeconds(5), Now) - Now);
    }

    [Fact]
    public void A_far_future_retry_after_is_honoured_for_seven_days_at_most()
    {
        var schedule = new PollSchedule(Settings, () => 0.5);
        TimeSpan untilYear9999 = new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero) - Now;

        Assert.Equal(TimeSpan.FromDays(7), PollSchedule.LongestRetryAfter);
        Assert.Equal(TimeSpan.FromDays(7), schedule.AfterFailure(null, 1, untilYear9999, Now) - Now);
        Assert.Equal(TimeSpan.FromDays(7), schedule.AfterFailure(null, 1, TimeSpan.MaxValue, Now) - Now);
        Assert.Equal(TimeSpan.FromDays(6), schedule.AfterFailure(null, 1, TimeSpan.FromDays(6), Now) - Now);
    }

    [Fact]
    public void An_overdue_source_is_polled_once_within_the_startup_window()
    {
        var schedule = new PollSchedule(Settings, () => 0.5);

        DateTimeOffset first = schedule.FirstPoll(Now.AddDays(-3), Now);

        Assert.Equal(Now.AddSeconds(5), first);
    }

    [Fact]
    public void A_source_due_later_keeps_its_due_time_across_a_restart()
    {
        var schedule = new PollSchedule(Settings, () => 0.5);

        Assert.Equal(Now.AddMinutes(7), schedule.FirstPoll(Now.AddMinutes(7), Now));
        Assert.Equal(Now.AddSeconds(5), schedule.FirstPoll(null, Now));
    }

    [Theory]
    [InlineData(10675199.0)]
    [InlineData(8.0)]
    public void A_stored_interval_past_seven_days_is_clamped_to_seven_days_instead_of_throwing(double days)
    {
        var schedule = new PollSchedule(Settings, () => 0.5);
        TimeSpan stored = days > 10_000 ? TimeSpan.MaxValue : TimeSpan.FromDays(days);

        Assert.Equal(TimeSpan.FromDays(7), schedule.AfterSuccess(stored, Now) - Now);
        Assert.Equal(TimeSpan.FromDays(7), schedule.AfterFailure(stored, 5, null, Now) - Now);
    }

    [Fact]
    public void A_stored_interval_under_one_second_is_raised_to_one_second()
    {
        var schedule = new PollSchedule(Settings, () => 0.5);

        Assert.Equal(TimeSpan.FromSeconds(1), schedule.AfterSuccess(TimeSpan.FromMilliseconds(10), Now) - Now);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.004, 0)]
    [InlineData(0.5, 5000)]
    [InlineData(0.999, 9900)]
    public void First_poll_slots_spread_new_sources_over_the_start_up_window_on_a_hundred_times(double random, int expectedMilliseconds)
    {
        var schedule = new PollSchedule(Settings, () => random);

        Assert.Equal(Now.AddMilliseconds(expectedMilliseconds), schedule.FirstPollSlot(Now));
    }

    [Fact]
    public void A_thousand_first_poll_slots_use_at_most_a_hundred_due_times_across_the_window()
    {
        var schedule = new PollSchedule(Settings, new Random(7).NextDouble);

        DateTimeOffset[] slots = [.. Enumerable.Range(0, 1000).Select(_ => schedule.FirstPollSlot(Now))];

        Assert.InRange(slots.Distinct().Count(), 90, PollSchedule.FirstPollSlots);
        Assert.All(slots, slot => Assert.InRange(slot, Now, Now + Settings.StartupWindow));
        Assert.True(slots.Max() - slots.Min() > Settings.StartupWindow * 0.9);
    }
}
