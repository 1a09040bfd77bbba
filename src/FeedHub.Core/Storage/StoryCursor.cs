using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using FeedHub.Core.Links;

namespace FeedHub.Core.Storage;

/// <summary>The position of a story in the newest-first order, (publish time, story id): a page
/// boundary that stays put when newer stories arrive, unlike an offset.</summary>
public readonly record struct StoryCursor(DateTimeOffset PublishedAt, long StoryId)
{
    /// <summary>"{UTC ticks}-{story id}": short, URL-safe, exact to the stored 100 ns.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{PublishedAt.UtcTicks}-{StoryId}");

    public static bool TryParse(string? text, [NotNullWhen(true)] out StoryCursor? cursor)
    {
        cursor = null;
        int dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (text is null || dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out long ticks)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long id)
            || ticks > DateTimeOffset.MaxValue.UtcTicks || id <= 0)
        {
            return false;
        }

        cursor = new StoryCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
