using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
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

    private readonly ConcurrentDictionary<string, StoryFeatures> _features = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(long ItemId, string ContentHash), StoredText> _stored = new();

    public StoryFeatures Get(string matchText)
    {
        if (_features.TryGetValue(matchText, out StoryFeatures? features))
        {
            return features;
        }

        // Crude bound: dropping everything now and then costs one re-computation per text. Both
        // maps go together, so the stored copies never hold features the text map let go.
        if (_features.Count >= Capacity)
        {
            Clear();
        }

        features = StoryFeatures.From(matchText);
        _features.TryAdd(matchText, features);
        return features;
    }

    /// <summary>The features of a stored copy seen before with this very content.</summary>
    public bool TryGetStored(long itemId, string contentHash, out StoredText stored) =>
        _stored.TryGetValue((itemId, contentHash), out stored!);

    /// <summary>Remembers the stored matching text of a copy, by its id and content hash.</summary>
    public StoredText AddStored(long itemId, string contentHash, string matchText)
    {
        if (_stored.Count >= Capacity)
        {
            Clear();
        }

        var stored = new StoredText(Get(matchText), TextIdentity.Of(matchText));
        _stored.TryAdd((itemId, contentHash), stored);
        return stored;
    }

    private void Clear()
    {
        _features.Clear();
        _stored.Clear();
    }
}

/// <summary>A stored copy's features and what tells its text from another without the text.</summary>
internal sealed record StoredText(StoryFeatures Features, TextIdentity Identity);

/// <summary>A matching text's length and a 128-bit digest of it: equal texts have equal identities,
/// and two different texts sharing one is beyond any store's size (SHA-256, truncated).</summary>
internal readonly record struct TextIdentity(int Length, UInt128 Digest)
{
    public static TextIdentity Of(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(text.AsSpan()), hash);
        return new TextIdentity(text.Length, MemoryMarshal.Read<UInt128>(hash));
    }
}
