using System.Globalization;
using System.Xml.Linq;
using FeedHub.Core.Scheduling;
using static FeedHub.Ingestion.Parsing.FeedNamespaces;

namespace FeedHub.Ingestion.Parsing;

/// <summary>A channel's word on how often it changes: RSS 2.0 ttl, skipHours and skipDays, and the
/// syndication module's updatePeriod/updateFrequency (RSS 1.0, but found in RSS 2.0 and Atom too).
/// Read from the raw element: CodeHollow models ttl only as text and the others not at all. A value
/// that does not parse is ignored, as if absent: a hint is never worth failing a poll over.</summary>
internal static class ScheduleHintReader
{
    public static readonly XNamespace Sy = "http://purl.org/rss/1.0/modules/syndication/";

    // A week is the longest interval any source may have; a larger ttl means "rarely".
    private const int LongestTtlMinutes = 7 * 24 * 60;

    public static PublisherHints Read(XElement channel)
    {
        return new PublisherHints
        {
            Ttl = Child(channel, "ttl") is { } ttl && int.TryParse(ttl.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int minutes) && minutes > 0
                ? TimeSpan.FromMinutes(Math.Min(minutes, LongestTtlMinutes))
                : null,
            UpdatePeriod = UpdatePeriod(channel),
            SkipHours = Child(channel, "skipHours")?.Elements().Where(e => e.Name.LocalName == "hour")
                .Select(e => int.TryParse(e.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int h) ? h : -1)
                // RSS 2.0 numbers hours 0-23; some feeds write 24 for midnight.
                .Select(h => h == 24 ? 0 : h)
                .Where(h => h is >= 0 and <= 23).Distinct().Order().ToList() ?? [],
            SkipDays = Child(channel, "skipDays")?.Elements().Where(e => e.Name.LocalName == "day")
                .Select(e => Enum.TryParse(e.Value.Trim(), ignoreCase: true, out DayOfWeek d) && Enum.IsDefined(d) && !int.TryParse(e.Value, out _) ? d : (DayOfWeek?)null)
                .OfType<DayOfWeek>().Distinct().Order().ToList() ?? [],
        };
    }

    private static TimeSpan? UpdatePeriod(XElement channel)
    {
        string? period = channel.Element(Sy + "updatePeriod")?.Value.Trim().ToLowerInvariant();
        TimeSpan? unit = period switch
        {
            "hourly" => TimeSpan.FromHours(1),
            "daily" => TimeSpan.FromDays(1),
            "weekly" => TimeSpan.FromDays(7),
            "monthly" => TimeSpan.FromDays(30),
            "yearly" => TimeSpan.FromDays(365),
            _ => null,
        };
        if (unit is null)
        {
            return null;
        }

        // The module's default frequency is 1; one update per period at most that often.
        int frequency = int.TryParse(channel.Element(Sy + "updateFrequency")?.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int f) && f > 0 ? f : 1;
        return TimeSpan.FromTicks(unit.Value.Ticks / frequency);
    }

    private static XElement? Child(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && IsRss(e.Name.Namespace));
}
