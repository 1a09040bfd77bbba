using System.Reflection;
using FeedHub.Core.Dedup;
using FeedHub.Core.Items;

namespace FeedHub.Ingestion.Refreshing;

/// <summary>A cheap hash of a raw entry, taken before any normalizing: every parsed field of the
/// entry, and everything else its stored item is made from (the URL the feed was fetched from,
/// the document's base and language, and the normalizer itself). Equal hashes mean normalizing
/// would give the same item again, so a stored item with this hash only needs a touch.</summary>
/// <remarks>The keep and block rules are not part of it: a rule change decides the source's stored
/// items again when it is saved (and a commit decides new items under the rules it finds), so a
/// known entry's verdict is already current.</remarks>
public sealed class RawEntryHash
{
    /// <summary>Hex characters kept: 128 bits, as the item keys.</summary>
    public const int HexLength = 32;

    private readonly byte[] _normalizerBuild;

    /// <param name="normalizer">Its build is part of every hash: a FeedHub release that normalizes
    /// differently (a sanitizer change, a new link rule) must not leave stored items as the old one
    /// made them. The module version ids of the normalizer's assembly, of Ingestion (the normalizer
    /// and sanitizer FeedHub ships) and of Core (text, link and dedup rules) change with their code (deterministic builds), and the referenced assemblies'
    /// versions with the HTML sanitizer and the runtime. After an upgrade each source's next
    /// document is normalized in full once, as every document was before raw hashes.</param>
    public RawEntryHash(object normalizer)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        using var build = new StableHash();
        foreach (Assembly assembly in new[] { normalizer.GetType().Assembly, typeof(RawEntryHash).Assembly, typeof(ParsedItem).Assembly }.Distinct())
        {
            build.Add(assembly.ManifestModule.ModuleVersionId.ToString("N"));
            foreach (AssemblyName reference in assembly.GetReferencedAssemblies().OrderBy(name => name.FullName, StringComparer.Ordinal))
            {
                build.Add(reference.FullName);
            }
        }

        _normalizerBuild = Convert.FromHexString(build.ToHex());
    }

    /// <summary>The normalizer's build stamp (see the constructor), which a document's hash
    /// (<see cref="DocumentHash"/>) carries too.</summary>
    internal ReadOnlySpan<byte> NormalizerBuild => _normalizerBuild;

    /// <summary>The hashes of a document's entries, in document order.</summary>
    public string[] Compute(ParsedFeed feed, Uri feedUrl)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(feedUrl);
        var hashes = new string[feed.Items.Count];
        // One hash object for the whole document, reset after each entry: every poll hashes every entry.
        using var hash = StableHash.Fast();
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i] = Compute(hash, feed.Items[i], feed, feedUrl);
        }

        return hashes;
    }

    public string Compute(ParsedItem entry, ParsedFeed feed, Uri feedUrl)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(feedUrl);
        using var hash = StableHash.Fast();
        return Compute(hash, entry, feed, feedUrl);
    }

    private string Compute(StableHash hash, ParsedItem entry, ParsedFeed feed, Uri feedUrl)
    {
        hash.AddBytes(_normalizerBuild);
        hash.Add(feedUrl.AbsoluteUri).Add(feed.BaseUri).Add(feed.Language);
        hash.Add(entry.Id).Add(entry.Link).Add(entry.Title).Add(entry.Summary).Add(entry.Content).Add(entry.Author);
        hash.Add(entry.Published).Add(entry.Updated).Add(entry.BaseUri).Add(entry.ContentBaseUri).Add(entry.SummaryBaseUri).Add(entry.Language);
        // Indexed loops: an interface's enumerator is an allocation per list per entry.
        IReadOnlyList<string> categories = entry.Categories;
        hash.AddCount(categories.Count);
        for (int i = 0; i < categories.Count; i++)
        {
            hash.Add(categories[i]);
        }

        IReadOnlyList<ParsedEnclosure> enclosures = entry.Enclosures;
        hash.AddCount(enclosures.Count);
        for (int i = 0; i < enclosures.Count; i++)
        {
            ParsedEnclosure enclosure = enclosures[i];
            hash.Add(enclosure.Url).Add(enclosure.MediaType).Add(enclosure.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return hash.ToHexAndReset();
    }
}
