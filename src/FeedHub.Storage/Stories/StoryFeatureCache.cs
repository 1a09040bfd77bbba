using System.Collections.Concurrent;
using FeedHub.Core.Stories;

namespace FeedHub.Storage.Stories;

/// <summary>Features of matching texts already seen: the same stored copies are candidates, and
/// the same recent items teach a source's boilerplate, on poll after poll. Keyed by the text
/// itself, so a revision (new text) or a rolled-back insert can never serve stale features.
/// Stored copies are also found by (item id, content hash), so their matching text need not be
/// read at all: a revision, here or by another node, changes the hash, and only copies whose text
/// was stored are kept (the backfill gives a copy without one its text later).</summary>
internal sealed class StoryFeatureCache
{
    // A farm item's features and text hold ~4.5 KB (a real release's more), so 20,000 entries were
    // most of a 10,000-source worker's gen 2 heap (~70 of 93 MB committed, docs/load.md), while at
    // that scale a source's history had long been dropped by its next poll anyway.
    private const int Capacity = 8_192;

    // One entry per stored copy, not per distinct text: a release's copies share one text entry.
    // An entry is a key and a reference (~200 bytes with its hash string), so twice the texts'
    // bound costs ~3 MB; dropping the copies does not drop the texts, so a full copy map never
    // costs a re-computation of features.
    private const int CopyCapacity = 2 * Capacity;

    private readonly ConcurrentDictionary<string, StoredText> _features = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(long ItemId, string ContentHash), StoredText> _stored = new();

    public StoryFeatures Get(string matchText) => Entry(matchText).Features;

    /// <summary>The features of a stored copy seen before with this very content.</summary>
    public bool TryGetStored(long itemId, string contentHash, out StoredText stored) =>
        _stored.TryGetValue((itemId, contentHash), out stored!);

    /// <summary>Remembers the stored matching text of a copy, by its id and content hash.</summary>
    public StoredText AddStored(long itemId, string contentHash, string matchText)
    {
        if (_stored.Count >= CopyCapacity)
        {
            _stored.Clear();
        }

        StoredText stored = Entry(matchText);
        _stored.TryAdd((itemId, contentHash), stored);
        return stored;
    }

    /// <summary>The text's entry; its <see cref="StoredText.Text"/> is the instance the map keys on,
    /// so a copy remembered by id costs no second string.</summary>
    private StoredText Entry(string matchText)
    {
        if (_features.TryGetValue(matchText, out StoredText? entry))
        {
            return entry;
        }

        // Crude bound: dropping everything now and then costs one re-computation per text. The
        // copies go with the texts, so they never hold features the text map let go.
        if (_features.Count >= Capacity)
        {
            _features.Clear();
            _stored.Clear();
        }

        entry = new StoredText(StoryFeatures.From(matchText), matchText);
        return _features.GetOrAdd(matchText, entry);
    }
}

/// <summary>A matching text and its features; the text tells identical texts apart from others
/// (a source's boilerplate counts identical texts once).</summary>
internal sealed record StoredText(StoryFeatures Features, string Text);
