using FeedHub.Core.Sources;

namespace FeedHub.Core.Scheduling;

/// <summary>When a source is polled next: its interval after a success, an exponential backoff
/// after failures (capped), never before a server's Retry-After, all with a little jitter so
/// sources that share an interval drift apart instead of polling in lockstep.</summary>
public sealed class PollSchedule
{
    /// <summary>The longest Retry-After honoured: the longest interval FeedHub accepts. A server asking
    /// for more (a date in year 9999) would otherwise silence its source for good.</summary>
    public static readonly TimeSpan LongestRetryAfter = SourceIntervals.Max;

    /// <summary>Longest wait before a poll the store failed is tried again.</summary>
    public static readonly TimeSpan StoreRetry = TimeSpan.FromMinutes(1);

    private readonly PollScheduleSettings _settings;
    private readonly Func<double> _random;

    /// <param name="random">Uniform in [0, 1); injectable so tests are deterministic.</param>
    public PollSchedule(PollScheduleSettings settings, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>A stored interval outside the accepted range (written before the range was
    /// enforced everywhere, or by hand) is clamped: throwing here would fail that source on every
    /// poll, for ever.</summary>
    public TimeSpan IntervalOf(TimeSpan? sourceInterval) => sourceInterval is { } interval && interval > TimeSpan.Zero
        ? SourceIntervals.Clamp(interval)
        : _settings.DefaultInterval;

    public DateTimeOffset AfterSuccess(TimeSpan? sourceInterval, DateTimeOffset now) =>
        now + Jittered(IntervalOf(sourceInterval));

    /// <summary>The next poll of a source on its effective interval (<see cref="PollCadence.Decide"/>),
    /// moved past the publisher's skipHours/skipDays.</summary>
    public DateTimeOffset AfterSuccess(EffectiveInterval effective, PublisherHints hints, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(effective);
        return PollCadence.SkipForward(now + Jittered(effective.Interval), hints);
    }

    /// <param name="sourceInterval">The interval backoff starts from: the source's effective one.</param>
    /// <param name="consecutiveFailures">Failures in a row including this one (1 for the first).</param>
    /// <summary>After a poll the store failed (the database refused the write): nothing of it was
    /// kept, and the source is not at fault, so it is tried again after a short pause, never later
    /// than its regular interval, rather than backed off.</summary>
    public DateTimeOffset AfterStoreFailure(TimeSpan? sourceInterval, DateTimeOffset now)
    {
        TimeSpan interval = IntervalOf(sourceInterval);
        return now + (interval < StoreRetry ? interval : StoreRetry);
    }

    public DateTimeOffset AfterFailure(TimeSpan? sourceInterval, int consecutiveFailures, TimeSpan? retryAfter, DateTimeOffset now)
    {
        TimeSpan interval = IntervalOf(sourceInterval);
        TimeSpan cap = interval > _settings.MaxBackoff ? interval : _settings.MaxBackoff;
        int doublings = Math.Clamp(consecutiveFailures, 1, 20);
        double ticks = Math.Min(interval.Ticks * Math.Pow(2, doublings - 1), cap.Ticks);
        DateTimeOffset next = now + Jittered(TimeSpan.FromTicks((long)ticks));

        // The server said when it is willing to talk again; polling earlier only earns another 429.
        if (retryAfter is { } asked && now + CapRetryAfter(asked) is var until && until > next)
        {
            next = until;
        }

        return next;
    }

    /// <summary>The part of a server's Retry-After that is honoured: up to <see cref="LongestRetryAfter"/>.</summary>
    public static TimeSpan CapRetryAfter(TimeSpan asked) => asked > LongestRetryAfter ? LongestRetryAfter : asked;

    /// <summary>The first poll after start: the stored due time, or soon when it is overdue. An
    /// overdue source (the worker was down for longer than its interval) gets one poll, spread
    /// over the start-up window, not a catch-up burst.</summary>
    public DateTimeOffset FirstPoll(DateTimeOffset? storedNextDue, DateTimeOffset now)
    {
        DateTimeOffset soon = now + TimeSpan.FromTicks((long)(_settings.StartupWindow.Ticks * _random()));
        return storedNextDue is { } due && due > soon ? due : soon;
    }

    /// <summary>Slots over the start-up window that <see cref="FirstPollSlot"/> chooses from.</summary>
    public const int FirstPollSlots = 100;

    /// <summary>The first poll of a new source, as <see cref="FirstPoll"/> for one with no stored due
    /// time, but on one of <see cref="FirstPollSlots"/> evenly spaced times over the start-up
    /// window: a thousand new sources are still spread over the window, and a clustered worker
    /// writes their due times with one statement per slot rather than one per source.</summary>
    public DateTimeOffset FirstPollSlot(DateTimeOffset now)
    {
        int slot = Math.Min(FirstPollSlots - 1, (int)(_random() * FirstPollSlots));
        return now + TimeSpan.FromTicks(_settings.StartupWindow.Ticks / FirstPollSlots * slot);
    }

    private TimeSpan Jittered(TimeSpan delay)
    {
        double factor = 1 + (_settings.JitterFraction * ((2 * _random()) - 1));
        return TimeSpan.FromTicks((long)(delay.Ticks * factor));
    }
}

/// <param name="DefaultInterval">Interval of sources that name none.</param>
/// <param name="MaxBackoff">Longest wait after failures (never shorter than the source's interval).</param>
/// <param name="JitterFraction">Each delay is stretched or shrunk by up to this fraction.</param>
/// <param name="StartupWindow">First polls after start are spread over this window.</param>
public sealed record PollScheduleSettings(TimeSpan DefaultInterval, TimeSpan MaxBackoff, double JitterFraction, TimeSpan StartupWindow);
