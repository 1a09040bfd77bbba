using System.Collections.Concurrent;
using FeedHub.Core.Stories;

namespace FeedHub.Storage.Stories;

/// <summary>Keys recently found common, each with the postings that showed it: one per story, the
/// newest first, as they were read. A later batch whose window still holds enough of them knows the
/// key is common without reading it again (postings are only ever added, so what was seen is still
/// there); one whose window does not reads the key as usual. Formula text recurs in nearly every
/// item, so at 10,000 sources most of a new item's keys are common and were read by the poll before.</summary>
/// <remarks>The witness set goes stale only where postings go away (an item purged or a story
/// merged by an admin): a witness is kept for <see cref="Lifetime"/> at most, and the cache is
/// bounded like <see cref="StoryFeatureCache"/>.</remarks>
internal sealed class CommonKeyWitnesses
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private const int Capacity = 16_384;

    private readonly ConcurrentDictionary<long, Witness> _keys = new();

    /// <summary>Whether the remembered postings of <paramref name="key"/> alone make it common
    /// within [<paramref name="from"/>, <paramref name="until"/>].</summary>
    public bool ShowCommon(long key, DateTimeOffset from, DateTimeOffset until, DateTimeOffset now, StoryOptions options)
    {
        if (!_keys.TryGetValue(key, out Witness? witness))
        {
            return false;
        }

        if (now - witness.FoundAt > Lifetime || now < witness.FoundAt)
        {
            _keys.TryRemove(key, out _);
            return false;
        }

        int stories = 0;
        foreach (StoryPosting posting in witness.Postings)
        {
            if (posting.PublishedAt >= from && posting.PublishedAt <= until)
            {
                stories++;
            }
        }

        // One posting per story: as many stories as postings.
        return CommonKey.Is(stories, stories, options);
    }

    /// <summary>Remembers the postings that made <paramref name="key"/> common by its number of
    /// stories (one per story is kept).</summary>
    public void Remember(long key, StoryPosting[] perStory, DateTimeOffset now)
    {
        if (_keys.Count >= Capacity)
        {
            _keys.Clear();
        }

        _keys[key] = new Witness(perStory, now);
    }

    private sealed record Witness(StoryPosting[] Postings, DateTimeOffset FoundAt);
}
