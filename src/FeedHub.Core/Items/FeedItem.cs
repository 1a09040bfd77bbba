namespace FeedHub.Core.Items;

/// <summary>An item ready to store: plain-text title and author, sanitized HTML, absolute
/// canonical links, UTC dates, and the identity and hashes dedup decides by.</summary>
public sealed record FeedItem
{
    /// <summary>Identity within its source (a hash of guid, else canonical link, else title+content).</summary>
    public required string ItemKey { get; init; }

    /// <summary>Hash of the fields a reader sees; a new hash under the same key is a revision.</summary>
    public required string ContentHash { get; init; }

    public string? Guid { get; init; }
    public string? Link { get; init; }
    public string? CanonicalLink { get; init; }
    public required string Title { get; init; }
    public string? Summary { get; init; }
    public string? ContentHtml { get; init; }
    public string? Author { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<ParsedEnclosure> Enclosures { get; init; } = [];

    /// <summary>Language tag of the entry ("id", "en-US"): its own, else its feed's; null when neither says.</summary>
    public string? Language { get; init; }

    /// <summary>UTC; the first-seen time when the feed had no usable date.</summary>
    public required DateTimeOffset PublishedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Near-duplicate fingerprint of title+text (SimHash); 0 when not computed.</summary>
    public long Fingerprint { get; init; }

    /// <summary>What of its source's rules blocked it (<see cref="Rules.BlockReasons"/>); null when kept.
    /// A blocked item is stored but never published nor a story's origin.</summary>
    public string? BlockedBy { get; init; }

    /// <summary>The raw hash of the entry this item was normalized from (<see cref="ParsedItem.RawHash"/>):
    /// a later document listing the same raw entry needs no normalizing, only a touch. Null when unknown.</summary>
    public string? RawHash { get; init; }
}
