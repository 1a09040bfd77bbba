using System.Globalization;
using System.Numerics;

namespace FeedHub.Storage.Mapping;

/// <summary>The stored text form of an instant: UTC, fixed width, 100 ns precision, so that
/// comparing the text compares the instants and a value reads back exactly as written.</summary>
internal static class UtcTimestamp
{
    private const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

    // "2026-12-02T03:00:42.0000000Z"
    private const int FixedLength = 28;

    public static string ToText(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        TryParseFixed(text.AsSpan(), out DateTimeOffset value) ? value : ParseExact(text);

    /// <summary>The same from the UTF-8 bytes SQLite hands out, without making a string of them:
    /// the candidate index reads thousands of posting times per poll.</summary>
    public static DateTimeOffset Parse(ReadOnlySpan<byte> utf8) =>
        TryParseFixed(utf8, out DateTimeOffset value) ? value : ParseExact(System.Text.Encoding.UTF8.GetString(utf8));

    private static DateTimeOffset ParseExact(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    // The stored form is fixed: its digits are read in place, and anything else (a value written by
    // hand, another width) takes the general parser, which also reports what is wrong with it.
    private static bool TryParseFixed<T>(ReadOnlySpan<T> text, out DateTimeOffset value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = default;
        if (text.Length != FixedLength
            || !Is(text[4], '-') || !Is(text[7], '-') || !Is(text[10], 'T') || !Is(text[13], ':')
            || !Is(text[16], ':') || !Is(text[19], '.') || !Is(text[27], 'Z'))
        {
            return false;
        }

        if (!Digits(text, 0, 4, out int year) || !Digits(text, 5, 2, out int month) || !Digits(text, 8, 2, out int day)
            || !Digits(text, 11, 2, out int hour) || !Digits(text, 14, 2, out int minute) || !Digits(text, 17, 2, out int second)
            || !Digits(text, 20, 7, out int fraction)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction), TimeSpan.Zero);
        return true;
    }

    private static bool Is<T>(T character, char expected)
        where T : unmanaged, IBinaryInteger<T> =>
        int.CreateTruncating(character) == expected;

    private static bool Digits<T>(ReadOnlySpan<T> text, int start, int count, out int number)
        where T : unmanaged, IBinaryInteger<T>
    {
        number = 0;
        for (int i = start; i < start + count; i++)
        {
            int digit = int.CreateTruncating(text[i]) - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            number = (number * 10) + digit;
        }

        return true;
    }
}
