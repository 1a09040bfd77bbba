using FeedHub.Core.Dates;

namespace FeedHub.Ingestion.Normalizing;

/// <summary>Chooses an item's dates. Feeds carry dates in the year 2999, in 1970, or none at all;
/// such items are dated when first seen, so they neither pin themselves to the top of merged
/// feeds nor sink out of them.</summary>
public static class ItemDates
{
    /// <summary>Dates before this are placeholders (epoch zero, 0001-01-01), not publication times.</summary>
    public static readonly DateTimeOffset Earliest = new(1995, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead of the clock a date may be (time zones mislabelled by a few hours).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    /// <summary>The published date, else the updated date, else <paramref name="now"/>; an
    /// implausible date (too far in the future, before 1995) also gives <paramref name="now"/>.</summary>
    public static DateTimeOffset Published(string? published, string? updated, DateTimeOffset now) =>
        Plausible(published, now) ?? Plausible(updated, now) ?? now.ToUniversalTime();

    /// <summary>The updated date when it is present and plausible.</summary>
    public static DateTimeOffset? Updated(string? updated, DateTimeOffset now) => Plausible(updated, now);

    private static DateTimeOffset? Plausible(string? text, DateTimeOffset now)
    {
        if (!FeedDateParser.TryParse(text, out DateTimeOffset utc))
        {
            return null;
        }

        return utc < Earliest || utc > now + FutureTolerance ? null : utc;
    }
}
