using System.Globalization;

namespace FeedHub.Storage.Mapping;

/// <summary>The stored text form of an instant: UTC, fixed width, 100 ns precision, so that
/// comparing the text compares the instants and a value reads back exactly as written.</summary>
internal static class UtcTimestamp
{
    private const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

    public static string ToText(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
