using System.Globalization;

namespace FeedHub.Core.Dates;

/// <summary>Points in time as FeedHub writes them into log messages: ISO 8601 in UTC. Logged as
/// text because a structured logger renders a <see cref="DateTimeOffset"/> field in its own,
/// culture-shaped way (JSON console: <c>12/01/2026 14:24:04 +00:00</c>).</summary>
public static class IsoTime
{
    public static string Utc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
