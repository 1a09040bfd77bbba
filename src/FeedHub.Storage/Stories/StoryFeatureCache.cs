using FeedHub.Core.Stories;
using FeedHub.Storage.Caching;

namespace FeedHub.Storage.Stories;

/// <summary>Features of matching texts already seen: the same stored copies are candidates, and
/// the same recent items teach a source's boilerplate, on poll after poll. Keyed by the text
/// itself, so a revision (new text) or a rolled-back insert can never serve stale features.
/// Stored copies are also found by (item id, content hash), so their matching text need not be
/// read at all: a revision, here or by another node, changes the hash, and only copies whose text
/// was stored are kept (the backfill gives a copy without one its text later).</summary>
/// <remarks>Bounded by memory (<see cref="StoryOptions.FeatureCacheMegabytes"/>), in two
/// generations held between half and all of the bound, so a long-running worker's memory stays
/// level instead of swinging with a cache emptied whenever it is full (docs/load.md, "The worker's
/// memory"). A remembered copy points at its text's entry and is dropped no later than that entry
/// (the copies turn over with the texts), so the copies never hold features the texts let go.</remarks>
internal sealed class StoryFeatureCache
{
    // The copies' share of the bound: an entry is a key and a reference (~250 bytes with its hash
    // string), so an eighth holds several copies per text.
    private const int CopyShare = 8;

    private readonly TwoGenerationCache<string, StoredText> _features;
    private readonly TwoGenerationCache<(long ItemId, string ContentHash), StoredText> _stored;
    private int _copiesFollowed;

    // The share of stored copies recently found here, smoothed over reads; a new cache finds none.
    private double _storedHitRate;
    private readonly Lock _hitRateLock = new();

    /// <summary>A cache of <see cref="StoryOptions.FeatureCacheMegabytes"/>' default.</summary>
    public StoryFeatureCache()
        : this(new StoryOptions().FeatureCacheMegabytes * 1024L * 1024)
    {
    }

    public StoryFeatureCache(long budgetBytes)
    {
        long copies = Math.Max(2, budgetBytes / CopyShare);
        _features = new TwoGenerationCache<string, StoredText>(Math.Max(2, budgetBytes - copies), (text, entry) => TextBytes(text) + FeatureBytes(entry.Features), StringComparer.Ordinal);
        _stored = new TwoGenerationCache<(long ItemId, string ContentHash), StoredText>(copies, (key, _) => 64 + TextBytes(key.ContentHash));
    }

    /// <summary>The estimated bytes held.</summary>
    public long Bytes => _features.Bytes + _stored.Bytes;

    public StoryFeatures Get(string matchText) => Entry(matchText).Features;

    /// <summary>The features of a stored copy seen before with this very content.</summary>
    public bool TryGetStored(long itemId, string contentHash, out StoredText stored)
    {
        FollowTexts();
        return _stored.TryGet((itemId, contentHash), out stored!);
    }

    /// <summary>Whether a read of stored copies should bring their matching texts along rather than
    /// read ids and content hashes first and texts only for the copies not held here: true while
    /// most copies read lately were not held (a new process, such as a <c>refresh --all</c>, or a
    /// worker with more sources than this cache holds), where a second read by id would walk the same
    /// rows again; false while most were, where reading texts again would be waste. Only the reads
    /// change with it, never the features (those of a copy held here are used either way).</summary>
    public bool ReadTextsAlong
    {
        get
        {
            lock (_hitRateLock)
            {
                return _storedHitRate < 0.5;
            }
        }
    }

    /// <summary>Records that <paramref name="found"/> of <paramref name="read"/> stored copies were held here.</summary>
    public void RecordStoredReads(int found, int read)
    {
        if (read == 0)
        {
            return;
        }

        lock (_hitRateLock)
        {
            _storedHitRate = (0.75 * _storedHitRate) + (0.25 * found / read);
        }
    }

    /// <summary>Remembers the stored matching text of a copy, by its id and content hash.</summary>
    public StoredText AddStored(long itemId, string contentHash, string matchText)
    {
        StoredText stored = Entry(matchText);
        FollowTexts();
        _stored.Add((itemId, contentHash), stored);
        return stored;
    }

    /// <summary>The text's entry; its <see cref="StoredText.Text"/> is the instance the map keys on,
    /// so a copy remembered by id costs no second string.</summary>
    private StoredText Entry(string matchText)
    {
        if (_features.TryGet(matchText, out StoredText? entry))
        {
            return entry;
        }

        entry = new StoredText(StoryFeatures.From(matchText), matchText);
        _features.Add(matchText, entry);
        return _features.TryGet(matchText, out StoredText? kept) ? kept : entry;
    }

    // Each turnover of the texts turns the copies over too (twice at most: by then every copy is
    // gone), so a copy is never held longer than the text entry it points at.
    private void FollowTexts()
    {
        int texts = _features.Turnovers;
        int followed = Volatile.Read(ref _copiesFollowed);
        if (texts == followed || Interlocked.CompareExchange(ref _copiesFollowed, texts, followed) != followed)
        {
            return;
        }

        for (int i = 0; i < Math.Min(2, texts - followed); i++)
        {
            _stored.Turnover();
        }
    }

    // Estimates for the bound, from .NET's layouts: a string is 2 bytes a character and ~24 of
    // header; the shingles 12 bytes each (the sorted hash and where it first occurs), two arrays.
    private static long TextBytes(string text) => 24 + 2L * text.Length;

    private static long FeatureBytes(StoryFeatures features)
    {
        long figures = 0;
        foreach (string figure in features.Figures)
        {
            figures += 20 + TextBytes(figure);
        }

        return 200 + 12L * features.ShingleCount + figures;
    }
}

/// <summary>A matching text and its features; the text tells identical texts apart from others
/// (a source's boilerplate counts identical texts once).</summary>
internal sealed record StoredText(StoryFeatures Features, string Text)
{
    /// <summary>The text's ordinal hash, taken once: every changed poll of a source tells its 60
    /// latest texts apart, and hashing them anew each time cost more than looking them up.</summary>
    public int TextHash { get; } = StringComparer.Ordinal.GetHashCode(Text);
}
