using FeedHub.Core.Stories;
using FeedHub.Storage.Caching;

namespace FeedHub.Storage.Stories;

/// <summary>Keys recently found common, each with the times of the postings that showed it: one per
/// story, as they were read. A later batch whose window still holds enough of them knows the key is
/// common without reading it again (postings are only ever added, so what was seen is still there);
/// one whose window does not reads the key as usual. Formula text recurs in nearly every item, so at
/// 10,000 sources most of a new item's keys are common and were read by the poll before.</summary>
/// <remarks>The witness set goes stale only where postings go away (an item purged or a story
/// merged by an admin): a witness is kept for <see cref="Lifetime"/> at most. Only the posting times
/// are kept (the window test reads nothing else; a posting with its story id and offset was three
/// times the bytes), and the whole is bounded by bytes in a <see cref="TwoGenerationCache{TKey, TValue}"/>:
/// a cache emptied when full swung a long-running worker's memory by tens of MB (docs/load.md,
/// "The worker's memory").</remarks>
internal sealed class CommonKeyWitnesses
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>8 MiB: about 14,000 keys of 65 stories at most, 7,000 at least.</summary>
    public const long DefaultBudgetBytes = 8L << 20;

    // A witness's bytes besides its times: the array's and the witness's headers, the dictionary's node.
    private const long EntryOverheadBytes = 104;

    private readonly TwoGenerationCache<long, Witness> _witnesses;

    public CommonKeyWitnesses(long budgetBytes = DefaultBudgetBytes) =>
        _witnesses = new TwoGenerationCache<long, Witness>(
            budgetBytes, static (_, witness) => EntryOverheadBytes + (8L * witness.PublishedUtcTicks.Length));

    /// <summary>The estimated bytes held.</summary>
    public long Bytes => _witnesses.Bytes;

    /// <summary>Whether the remembered postings of <paramref name="key"/> alone make it common
    /// within [<paramref name="from"/>, <paramref name="until"/>].</summary>
    public bool ShowCommon(long key, DateTimeOffset from, DateTimeOffset until, DateTimeOffset now, StoryOptions options)
    {
        if (!_witnesses.TryGet(key, out Witness? witness) || now - witness.FoundAt > Lifetime || now < witness.FoundAt)
        {
            return false;
        }

        // Ticks compared as DateTimeOffset compares them: the same instants, whatever the offsets.
        long fromTicks = from.UtcTicks;
        long untilTicks = until.UtcTicks;
        int stories = 0;
        foreach (long published in witness.PublishedUtcTicks)
        {
            if (published >= fromTicks && published <= untilTicks)
            {
                stories++;
            }
        }

        // One posting per story: as many stories as postings.
        return CommonKey.Is(stories, stories, options);
    }

    /// <summary>Remembers the postings that made <paramref name="key"/> common by its number of
    /// stories (one per story is kept), in place of any witness remembered before.</summary>
    public void Remember(long key, StoryPosting[] perStory, DateTimeOffset now)
    {
        var times = new long[perStory.Length];
        for (int i = 0; i < perStory.Length; i++)
        {
            times[i] = perStory[i].PublishedAt.UtcTicks;
        }

        _witnesses.Set(key, new Witness(times, now));
    }

    private sealed class Witness(long[] publishedUtcTicks, DateTimeOffset foundAt)
    {
        public long[] PublishedUtcTicks { get; } = publishedUtcTicks;

        public DateTimeOffset FoundAt { get; } = foundAt;
    }
}
