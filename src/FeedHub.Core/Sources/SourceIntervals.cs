namespace FeedHub.Core.Sources;

/// <summary>The fixed poll intervals a source may have, one rule for every way in (API, command
/// line, OPML, configuration). Past seven days a feed is not being followed; far past it the
/// scheduler's arithmetic overflows.</summary>
public static class SourceIntervals
{
    public static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromDays(7);

    /// <summary>The rule as words, for error messages.</summary>
    public const string Range = "from 1 second to 7 days";

    public static bool IsValid(TimeSpan interval) => interval >= Min && interval <= Max;

    /// <summary>Brings an interval stored before the rule existed (or written by hand) into range.</summary>
    public static TimeSpan Clamp(TimeSpan interval) => interval < Min ? Min : interval > Max ? Max : interval;
}
