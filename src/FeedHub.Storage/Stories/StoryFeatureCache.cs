using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FeedHub.Core.Stories;
using FeedHub.Storage.Caching;

namespace FeedHub.Storage.Stories;

/// <summary>Features of matching texts already seen: the same stored copies are candidates, and
/// the same recent items teach a source's boilerplate, on poll after poll. Keyed by the text
/// itself, so a revision (new text) or a rolled-back insert can never serve stale features.
/// Stored copies are also found by (item id, content hash), so their matching text need not be
/// read at all: a revision, here or by another node, changes the hash, and only copies whose text
/// was stored are kept (the backfill gives a copy without one its text later).</summary>
internal sealed class StoryFeatureCache
{
    private readonly TwoGenerationCache<string, StoryFeatures> _features;
    private readonly TwoGenerationCache<(long ItemId, string ContentHash), StoredText> _stored;

    /// <param name="budgetBytes">What the two maps together may hold (<see cref="StoryOptions.FeatureCacheMegabytes"/>),
    /// half each: held between half and all of it, so a long-running worker's memory stays level
    /// instead of swinging with a cache emptied whenever it is full.</param>
    public StoryFeatureCache(long budgetBytes)
    {
        _features = new TwoGenerationCache<string, StoryFeatures>(Math.Max(2, budgetBytes / 2), (text, features) => TextBytes(text) + FeatureBytes(features), StringComparer.Ordinal);
        // A stored copy may be the last holder of its features once the text map lets them go.
        _stored = new TwoGenerationCache<(long ItemId, string ContentHash), StoredText>(Math.Max(2, budgetBytes / 2), (key, stored) => TextBytes(key.ContentHash) + 64 + FeatureBytes(stored.Features));
    }

    /// <summary>A cache of <see cref="StoryOptions.FeatureCacheMegabytes"/>' default.</summary>
    public StoryFeatureCache()
        : this(new StoryOptions().FeatureCacheMegabytes * 1024L * 1024)
    {
    }

    /// <summary>The estimated bytes held by both maps.</summary>
    public long Bytes => _features.Bytes + _stored.Bytes;

    public StoryFeatures Get(string matchText)
    {
        if (_features.TryGet(matchText, out StoryFeatures? features))
        {
            return features;
        }

        features = StoryFeatures.From(matchText);
        _features.Add(matchText, features);
        return features;
    }

    /// <summary>The features of a stored copy seen before with this very content.</summary>
    public bool TryGetStored(long itemId, string contentHash, out StoredText stored) =>
        _stored.TryGet((itemId, contentHash), out stored!);

    /// <summary>Remembers the stored matching text of a copy, by its id and content hash.</summary>
    public StoredText AddStored(long itemId, string contentHash, string matchText)
    {
        var stored = new StoredText(Get(matchText), TextIdentity.Of(matchText));
        _stored.Add((itemId, contentHash), stored);
        return stored;
    }

    // Estimates for the budget, from .NET's layouts: a string is 2 bytes a character and ~24 of
    // header; a HashSet<ulong> ~20 bytes an element (entry and bucket) at its usual load.
    private static long TextBytes(string text) => 24 + 2L * text.Length;

    private static long FeatureBytes(StoryFeatures features)
    {
        long figures = 0;
        foreach (string figure in features.Figures)
        {
            figures += 20 + TextBytes(figure);
        }

        return 200 + 20L * features.Shingles.Count + figures;
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
