using System.Globalization;
using FeedHub.Core.Sources;

namespace FeedHub.Core.Scheduling;

/// <summary>The rule for how often a source is polled: a fixed interval (an admin's or the
/// configuration's) wins outright; otherwise the observed posting rate, never shorter than what
/// the publisher says its feed stays fresh for, and with nothing observed yet the publisher's word,
/// else <see cref="CadenceSettings.DefaultInterval"/>; always within MinInterval and MaxInterval.
/// Pure: the same inputs give the same interval and reason.</summary>
public static class PollCadence
{
    /// <summary>The posting rate is measured over at most this much of the recent past...</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromDays(7);

    /// <summary>...and at least this much, so a few entries minutes apart do not read as a torrent.</summary>
    public static readonly TimeSpan ShortestRateWindow = TimeSpan.FromDays(1);

    /// <summary>Polls per average gap between entries: two keeps the average delay to a quarter of
    /// the gap without polling a quiet feed much more often than it posts.</summary>
    public const int PollsPerGap = 2;

    public const string FixedReason = "fixed by admin or configuration";

    /// <param name="fixedInterval">The source's own interval; null when it follows the rule.</param>
    /// <param name="entryTimes">Recent publish times (<see cref="PostingHistory"/>), any order.</param>
    public static EffectiveInterval Decide(
        TimeSpan? fixedInterval,
        IReadOnlyList<DateTimeOffset> entryTimes,
        PublisherHints hints,
        DateTimeOffset now,
        CadenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(entryTimes);
        ArgumentNullException.ThrowIfNull(hints);
        ArgumentNullException.ThrowIfNull(settings);
        if (fixedInterval is { } own && own > TimeSpan.Zero)
        {
            return new EffectiveInterval(SourceIntervals.Clamp(own), FixedReason);
        }

        (TimeSpan? hinted, string? hintReason) = StrongestHint(hints);
        (TimeSpan interval, string reason) = Observed(entryTimes, now) is (TimeSpan rate, string rateReason)
            ? hinted is { } floor && floor > rate ? (floor, hintReason!) : (rate, rateReason)
            : hinted is { } told ? (told, hintReason!) : (settings.DefaultInterval, "default: nothing posted is known yet");

        if (interval < settings.MinInterval)
        {
            (interval, reason) = (settings.MinInterval, $"{reason}, raised to MinInterval {Describe(settings.MinInterval)}");
        }
        else if (interval > settings.MaxInterval)
        {
            (interval, reason) = (settings.MaxInterval, $"{reason}, capped at MaxInterval {Describe(settings.MaxInterval)}");
        }

        string? skips = DescribeSkips(hints);
        return new EffectiveInterval(interval, skips is null ? reason : $"{reason}; {skips}");
    }

    /// <summary>The interval a source is on now, for status: its fixed one, else what its last
    /// poll decided, else the default it starts from. A decision made while an interval was fixed
    /// is stale once the admin drops it, until the next poll decides again.</summary>
    public static EffectiveInterval Current(TimeSpan? fixedInterval, EffectiveInterval? lastDecided, CadenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (fixedInterval is { } own && own > TimeSpan.Zero)
        {
            return new EffectiveInterval(SourceIntervals.Clamp(own), FixedReason);
        }

        return lastDecided is { Reason: not FixedReason } decided
            ? decided
            : new EffectiveInterval(settings.DefaultInterval, "default: not polled yet");
    }

    /// <summary>The due time moved out of the publisher's skipHours/skipDays (GMT, as RSS defines
    /// them) to the first hour that is neither. Hints that skip every hour are ignored.</summary>
    public static DateTimeOffset SkipForward(DateTimeOffset due, PublisherHints hints)
    {
        ArgumentNullException.ThrowIfNull(hints);
        if (hints.SkipHours.Count == 0 && hints.SkipDays.Count == 0)
        {
            return due;
        }

        DateTimeOffset at = due.ToUniversalTime();
        for (int hour = 0; hour <= 24 * 7; hour++)
        {
            if (!hints.SkipHours.Contains(at.Hour) && !hints.SkipDays.Contains(at.DayOfWeek))
            {
                return at;
            }

            at = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        }

        return due;
    }

    /// <summary>Average gap between recent entries over the polls per gap; null when nothing is
    /// known. Nothing within the window reads as a silent source: the longest interval.</summary>
    private static (TimeSpan, string)? Observed(IReadOnlyList<DateTimeOffset> entryTimes, DateTimeOffset now)
    {
        List<DateTimeOffset> past = entryTimes.Where(t => t <= now + PostingHistory.Skew).ToList();
        if (past.Count == 0)
        {
            return null;
        }

        // A full history was cut by its size, not by the feed: its span is the true window.
        TimeSpan sinceOldest = now - past.Min();
        TimeSpan floor = past.Count >= PostingHistory.Kept ? TimeSpan.FromHours(1) : ShortestRateWindow;
        TimeSpan window = sinceOldest < floor ? floor : sinceOldest > RateWindow ? RateWindow : sinceOldest;
        int count = past.Count(t => t >= now - window);
        if (count == 0)
        {
            TimeSpan silent = now - past.Max();
            return (TimeSpan.MaxValue, $"no new entries for {Describe(silent)}");
        }

        double perDay = count / window.TotalDays;
        TimeSpan interval = TimeSpan.FromTicks(window.Ticks / count / PollsPerGap);
        return (interval, string.Create(CultureInfo.InvariantCulture, $"posting rate: ~{Rate(perDay)}"));
    }

    private static (TimeSpan?, string?) StrongestHint(PublisherHints hints)
    {
        (TimeSpan?, string)[] all =
        [
            (hints.Ttl, $"ttl {Describe(hints.Ttl)}"),
            (hints.UpdatePeriod, $"sy:updatePeriod {Describe(hints.UpdatePeriod)}"),
            (hints.MaxAge, $"Cache-Control max-age {Describe(hints.MaxAge)}"),
            (hints.Expires, $"Expires in {Describe(hints.Expires)}"),
        ];
        (TimeSpan? value, string reason) = all.Where(h => h.Item1 > TimeSpan.Zero).OrderByDescending(h => h.Item1).FirstOrDefault();
        return (value, value is null ? null : reason);
    }

    private static string Rate(double perDay) => perDay >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{perDay:0.#}/day")
        : string.Create(CultureInfo.InvariantCulture, $"{perDay * 7:0.#}/week");

    private static string? DescribeSkips(PublisherHints hints)
    {
        var parts = new List<string>(2);
        if (hints.SkipHours.Count > 0)
        {
            parts.Add("skipHours " + HourRanges(hints.SkipHours));
        }

        if (hints.SkipDays.Count > 0)
        {
            parts.Add("skipDays " + string.Join(", ", hints.SkipDays.Distinct().Order()));
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    /// <summary>"0-5, 22" for 0,1,2,3,4,5,22.</summary>
    private static string HourRanges(IEnumerable<int> hours)
    {
        List<int> sorted = hours.Distinct().Order().ToList();
        var ranges = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int start = sorted[i];
            while (i + 1 < sorted.Count && sorted[i + 1] == sorted[i] + 1)
            {
                i++;
            }

            ranges.Add(sorted[i] == start ? start.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{start}-{sorted[i]}"));
            i++;
        }

        return string.Join(", ", ranges);
    }

    /// <summary>A duration as an operator reads it: "90 s", "60 min", "6 h", "3 days".</summary>
    public static string Describe(TimeSpan? duration)
    {
        if (duration is not { } d)
        {
            return "";
        }

        return d.TotalMinutes < 2 ? string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.#} s")
            : d.TotalHours < 2 ? string.Create(CultureInfo.InvariantCulture, $"{d.TotalMinutes:0.#} min")
            : d.TotalDays < 2 ? string.Create(CultureInfo.InvariantCulture, $"{d.TotalHours:0.#} h")
            : string.Create(CultureInfo.InvariantCulture, $"{d.TotalDays:0.#} days");
    }
}
