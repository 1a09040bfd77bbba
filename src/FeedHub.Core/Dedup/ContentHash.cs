namespace FeedHub.Core.Dedup;

/// <summary>Hash of everything a reader sees of an item. Under an unchanged item key a new hash
/// means the publisher revised the item. Dates are left out on purpose: a missing date is
/// replaced by the first-seen time, which would make every poll look like a revision.</summary>
public static class ContentHash
{
    public static string Compute(
        string title,
        string? link,
        string? summary,
        string? contentHtml,
        string? author,
        IEnumerable<string> categories,
        IEnumerable<string> enclosureUrls)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(enclosureUrls);
        var hash = new StableHash().Add(title).Add(link).Add(summary).Add(contentHtml).Add(author);
        AddList(hash, categories);
        AddList(hash, enclosureUrls);
        return hash.ToHex();
    }

    private static void AddList(StableHash hash, IEnumerable<string> values)
    {
        var list = values.ToList();
        hash.Add(list.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (string value in list)
        {
            hash.Add(value);
        }
    }
}
