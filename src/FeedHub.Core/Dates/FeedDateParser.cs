using System.Globalization;

namespace FeedHub.Core.Dates;

/// <summary>Parses the dates feeds carry, culture-independently, into UTC.</summary>
public static class FeedDateParser
{
    /// <summary>True when <paramref name="text"/> is a date this parser understands; the result is in UTC (offset zero).</summary>
    public static bool TryParse(string? text, out DateTimeOffset utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
        {
            utc = parsed.ToUniversalTime();
            return true;
        }

        return false;
    }
}
