using FeedHub.Core.Dedup;
using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Fetching;
using FeedHub.Ingestion.Normalizing;
using Microsoft.Extensions.Options;

namespace FeedHub.Ingestion.Refreshing;

/// <summary>Normalizes only the entries of a document that are new or changed: an entry whose raw
/// hash (<see cref="RawEntryHash"/>) a stored item of the source carries is known, and its item is
/// only touched at the commit. The result is always what normalizing the whole document would have
/// stored; where that cannot be shown cheaply, the whole document is normalized, as before.</summary>
public sealed class ChangedEntries(IItemStore items, IItemNormalizer normalizer, RawEntryHash hashes, IOptions<FetchOptions> fetchOptions)
{
    /// <param name="Normalized">The new and changed entries, normalized (every entry when none was known).</param>
    /// <param name="ListedItemIds">Stored items of the known entries, to touch.</param>
    /// <param name="KnownEntries">Entries of the document not normalized because they were known.</param>
    /// <param name="StoredAhead">The stored items found by raw hash when only part of the document was
    /// normalized (else null), for the commit's read-ahead (<see cref="PollOutcome.StoredAhead"/>).</param>
    public sealed record Result(NormalizationResult Normalized, IReadOnlyList<long> ListedItemIds, int KnownEntries, IReadOnlyList<KnownItem>? StoredAhead = null);

    private readonly int _maxItemsPerFeed = fetchOptions.Value.MaxItemsPerFeed;

    public async Task<Result> NormalizeAsync(long sourceId, ParsedFeed parsed, Uri feedUrl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        string[] raw = hashes.Compute(parsed, feedUrl);
        ParsedFeed feed = parsed with { Items = [.. parsed.Items.Select((entry, i) => entry with { RawHash = raw[i] })] };

        // Past the per-feed limit the normalizer keeps the newest entries of the whole document:
        // that choice cannot be made on part of it.
        if (feed.Items.Count == 0 || feed.Items.Count > _maxItemsPerFeed)
        {
            return Whole();
        }

        IReadOnlyList<KnownItem> stored = await items.FindKnownAsync(sourceId, [.. raw.Distinct(StringComparer.Ordinal)], cancellationToken);
        // Two stored items with one raw hash (an identity that changed since) say nothing for sure.
        Dictionary<string, KnownItem> byHash = stored
            .GroupBy(item => item.RawHash, StringComparer.Ordinal)
            .Where(group => group.Count() == 1)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        var known = new KnownItem?[feed.Items.Count];
        var fresh = new List<ParsedItem>();
        for (int i = 0; i < known.Length; i++)
        {
            if (byHash.TryGetValue(raw[i], out KnownItem? item))
            {
                known[i] = item;
            }
            else
            {
                fresh.Add(feed.Items[i]);
            }
        }

        if (fresh.Count == known.Length)
        {
            return Whole();
        }

        NormalizationResult part = normalizer.Normalize(feed with { Items = fresh }, feedUrl, now);
        if (!SameIdentitiesAsWhole([.. known.OfType<KnownItem>()], part.Items))
        {
            return Whole();
        }

        // Only the entries no stored item knows by raw hash go to the commit: what was found is all
        // its read-ahead needs. A whole document is different (every
        // entry of one whose raw entries all changed may still be stored as it is), so the store
        // reads ahead itself there, rather than working out texts for entries it will only touch.
        return new Result(part, [.. known.OfType<KnownItem>().Select(item => item.Id).Distinct()], known.Length - fresh.Count, stored);

        Result Whole() => new(normalizer.Normalize(feed, feedUrl, now), [], 0);
    }

    /// <summary>Whether the keys of the part are the keys the whole document gives. An item's key
    /// depends on the rest of the document (<see cref="ItemIdentity.KeysFor"/>: a guid or link listed
    /// twice identifies nothing), so it is decided again over the known entries' stored guids and
    /// links together with the new ones; a known entry whose key would change, a new one whose key
    /// would, or a new one taking a known one's key, means the whole document must be normalized.</summary>
    private static bool SameIdentitiesAsWhole(List<KnownItem> known, IReadOnlyList<FeedItem> fresh)
    {
        // Two entries with one text key are one entry to the normalizer, which dropped the second
        // from the part unseen here; and only text keys can meet that way.
        if (fresh.Any(item => item.ItemKey.StartsWith(ItemIdentity.TextPrefix, StringComparison.Ordinal)))
        {
            return false;
        }

        HashSet<string> repeatedGuids = ItemIdentity.Repeated(known.Select(item => item.Guid).Concat(fresh.Select(item => item.Guid)));
        HashSet<string> repeatedLinks = ItemIdentity.Repeated(known.Select(item => item.CanonicalLink).Concat(fresh.Select(item => item.CanonicalLink)));
        bool TrustGuid(string? guid) => guid is not null && !repeatedGuids.Contains(guid);
        bool TrustLink(string? link) => link is not null && !repeatedLinks.Contains(link);

        var knownKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (KnownItem item in known)
        {
            // The text tier hashes title and content, unchanged with the raw entry: only the tier must hold.
            string expected = ItemIdentity.KeyFor(new IdentitySource(item.Guid, item.CanonicalLink, string.Empty, null), TrustGuid(item.Guid), TrustLink(item.CanonicalLink));
            bool same = expected.StartsWith(ItemIdentity.TextPrefix, StringComparison.Ordinal)
                ? item.ItemKey.StartsWith(ItemIdentity.TextPrefix, StringComparison.Ordinal)
                : string.Equals(expected, item.ItemKey, StringComparison.Ordinal);
            if (!same)
            {
                return false;
            }

            knownKeys.Add(item.ItemKey);
        }

        foreach (FeedItem item in fresh)
        {
            string expected = ItemIdentity.KeyFor(
                new IdentitySource(item.Guid, item.CanonicalLink, item.Title, item.ContentHtml ?? item.Summary), TrustGuid(item.Guid), TrustLink(item.CanonicalLink));
            if (!string.Equals(expected, item.ItemKey, StringComparison.Ordinal) || knownKeys.Contains(item.ItemKey))
            {
                return false;
            }
        }

        return true;
    }
}
