namespace FeedHub.Core.Dedup;

/// <summary>What an item's identity within its source can be derived from.</summary>
/// <param name="Guid">guid / atom:id, trimmed; null when absent.</param>
/// <param name="CanonicalLink">The canonical link; null when the item has no usable link.</param>
/// <param name="Title">Plain-text title.</param>
/// <param name="Content">The content (or summary) as stored.</param>
public readonly record struct IdentitySource(string? Guid, string? CanonicalLink, string Title, string? Content);

/// <summary>The item key: a hash of the guid, else of the canonical link, else of title and
/// content, prefixed with what it came from ("g:", "l:", "t:") so keys of different origins
/// never meet.</summary>
public static class ItemIdentity
{
    public const string GuidPrefix = "g:";
    public const string LinkPrefix = "l:";
    public const string TextPrefix = "t:";

    /// <summary>Keys for the items of one document, in order. Some feeds ship the same guid for
    /// every entry (or point every entry at the home page): a guid, or a link, that occurs more
    /// than once in the document identifies nothing, so those items fall back to the next tier.
    /// Keys can still collide (true duplicates); callers keep the first.</summary>
    public static IReadOnlyList<string> KeysFor(IReadOnlyList<IdentitySource> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        HashSet<string> repeatedGuids = Repeated(items.Select(item => item.Guid));
        HashSet<string> repeatedLinks = Repeated(items.Select(item => item.CanonicalLink));
        var keys = new string[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            IdentitySource item = items[i];
            keys[i] = KeyFor(
                item,
                trustGuid: item.Guid is not null && !repeatedGuids.Contains(item.Guid),
                trustLink: item.CanonicalLink is not null && !repeatedLinks.Contains(item.CanonicalLink));
        }

        return keys;
    }

    /// <summary>The key of one item, given whether its guid and link may be trusted as unique.</summary>
    public static string KeyFor(IdentitySource item, bool trustGuid, bool trustLink)
    {
        if (trustGuid && !string.IsNullOrEmpty(item.Guid))
        {
            return FromGuid(item.Guid);
        }

        if (trustLink && !string.IsNullOrEmpty(item.CanonicalLink))
        {
            return FromLink(item.CanonicalLink);
        }

        return FromTitleAndContent(item.Title, item.Content);
    }

    public static string FromGuid(string guid) => GuidPrefix + new StableHash().Add(guid).ToHex();

    public static string FromLink(string canonicalLink) => LinkPrefix + new StableHash().Add(canonicalLink).ToHex();

    public static string FromTitleAndContent(string title, string? content) =>
        TextPrefix + new StableHash().Add(title).Add(content ?? string.Empty).ToHex();

    /// <summary>Values occurring more than once (ordinal comparison; nulls ignored).</summary>
    public static HashSet<string> Repeated(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        foreach (string? value in values)
        {
            if (value is not null && !seen.Add(value))
            {
                repeated.Add(value);
            }
        }

        return repeated;
    }
}
