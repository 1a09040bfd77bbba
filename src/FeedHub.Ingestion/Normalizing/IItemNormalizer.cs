using FeedHub.Core.Items;

namespace FeedHub.Ingestion.Normalizing;

/// <summary>Turns parsed entries into storable items: absolute canonical links, plain-text titles,
/// sanitized HTML, UTC dates, identity and hashes.</summary>
public interface IItemNormalizer
{
    /// <param name="now">First-seen time: the fallback for missing or far-future dates.</param>
    NormalizationResult Normalize(ParsedFeed feed, Uri feedUrl, DateTimeOffset now);
}

/// <param name="Items">Items that normalized, in document order, with distinct item keys.</param>
/// <param name="Skipped">One line per entry that could not be used (why, and which entry).</param>
/// <param name="BeyondLimit">Entries left out, oldest first, because the document had more than the per-feed limit.</param>
public sealed record NormalizationResult(IReadOnlyList<FeedItem> Items, IReadOnlyList<string> Skipped, int BeyondLimit = 0)
{
    /// <summary>The same entries as <see cref="Skipped"/>, with the reason apart, to be counted and
    /// logged once per reason.</summary>
    public IReadOnlyList<SkippedEntry> SkippedEntries { get; init; } = [];
}
