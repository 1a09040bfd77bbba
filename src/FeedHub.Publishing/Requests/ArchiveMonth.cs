using System.Globalization;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Writers;

namespace FeedHub.Publishing.Requests;

/// <summary>A calendar month in UTC, the unit of the archives: <c>2024-05</c> holds every story
/// published from 2024-05-01T00:00Z up to (not including) 2024-06-01T00:00Z.</summary>
public readonly record struct ArchiveMonth(int Year, int Month) : IComparable<ArchiveMonth>
{
    /// <summary>Archives start here; earlier publish dates are far more likely wrong than real.</summary>
    public const int FirstYear = 1990;

    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset End => Start.AddMonths(1);

    public static ArchiveMonth Of(DateTimeOffset instant)
    {
        DateTimeOffset utc = instant.ToUniversalTime();
        return new ArchiveMonth(utc.Year, utc.Month);
    }

    /// <summary>Exactly <c>yyyy-MM</c>, month 01 to 12, year from <see cref="FirstYear"/> to 9998.</summary>
    public static bool TryParse(string? text, out ArchiveMonth month)
    {
        month = default;
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            || year < FirstYear || year > 9998 || number < 1 || number > 12)
        {
            return false;
        }

        month = new ArchiveMonth(year, number);
        return true;
    }

    public int CompareTo(ArchiveMonth other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);

    public static bool operator <(ArchiveMonth left, ArchiveMonth right) => left.CompareTo(right) < 0;

    public static bool operator >(ArchiveMonth left, ArchiveMonth right) => left.CompareTo(right) > 0;

    public static bool operator <=(ArchiveMonth left, ArchiveMonth right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ArchiveMonth left, ArchiveMonth right) => left.CompareTo(right) >= 0;

    /// <summary>The archive's path below the base URL, e.g. <c>archive/2024-05.atom</c>.</summary>
    public string Path(FeedFormat format) =>
        string.Create(CultureInfo.InvariantCulture, $"archive/{Year:D4}-{Month:D2}.{FeedFormats.Extension(format)}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
