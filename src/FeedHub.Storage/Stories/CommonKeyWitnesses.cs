using System.Collections.Concurrent;
using FeedHub.Core.Stories;

namespace FeedHub.Storage.Stories;

/// <summary>Keys recently found common, each with the times of the postings that showed it: one per
/// story, as they were read. A later batch whose window still holds enough of them knows the key is
/// common without reading it again (postings are only ever added, so what was seen is still there);
/// one whose window does not reads the key as usual. Formula text recurs in nearly every item, so at
/// 10,000 sources most of a new item's keys are common and were read by the poll before.</summary>
/// <remarks>The witness set goes stale only where postings go away (an item purged or a story
/// merged by an admin): a witness is kept for <see cref="Lifetime"/> at most. Only the posting times
/// are kept (the window test reads nothing else; a posting with its story id and offset was three
/// times the bytes), and the whole is bounded by bytes in two generations, like
/// <see cref="Caching.TwoGenerationCache{TKey, TValue}"/>: a cache emptied when full swung a
/// long-running worker's memory by tens of MB (docs/load.md, "The worker's memory").</remarks>
internal sealed class CommonKeyWitnesses
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>8 MiB: about 14,000 keys of 65 stories at most, 7,000 at least.</summary>
    public const long DefaultBudgetBytes = 8L << 20;

    // A witness's bytes besides its times: the array's and the witness's headers, the dictionary's node.
    private const long EntryOverheadBytes = 104;

    private readonly long _generationBytes;
    private readonly Lock _turnover = new();
    private Generation _young = new();
    private Generation _old = new();

    public CommonKeyWitnesses(long budgetBytes = DefaultBudgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetBytes, 2);
        _generationBytes = budgetBytes / 2;
    }

    /// <summary>The estimated bytes held.</summary>
    public long Bytes => Volatile.Read(ref _young).Bytes + Volatile.Read(ref _old).Bytes;

    /// <summary>Whether the remembered postings of <paramref name="key"/> alone make it common
    /// within [<paramref name="from"/>, <paramref name="until"/>].</summary>
    public bool ShowCommon(long key, DateTimeOffset from, DateTimeOffset until, DateTimeOffset now, StoryOptions options)
    {
        Generation young = Volatile.Read(ref _young);
        bool inOld = false;
        if (!young.Keys.TryGetValue(key, out Witness? witness))
        {
            if (!Volatile.Read(ref _old).Keys.TryGetValue(key, out witness))
            {
                return false;
            }

            inOld = true;
        }

        if (now - witness.FoundAt > Lifetime || now < witness.FoundAt)
        {
            return false;
        }

        if (inOld)
        {
            // Still in use: carried into the young generation, so it outlives the turnover.
            Add(young, key, witness);
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

        Add(Volatile.Read(ref _young), key, new Witness(times, now));
    }

    private void Add(Generation young, long key, Witness witness)
    {
        long bytes = EntryOverheadBytes + (8L * witness.PublishedUtcTicks.Length);
        if (young.Keys.TryGetValue(key, out Witness? replaced))
        {
            // Replacing (an expired witness read again): only the difference counts.
            young.Keys[key] = witness;
            bytes -= EntryOverheadBytes + (8L * replaced.PublishedUtcTicks.Length);
        }
        else
        {
            young.Keys[key] = witness;
        }

        if (Interlocked.Add(ref young.Bytes, bytes) < _generationBytes)
        {
            return;
        }

        lock (_turnover)
        {
            if (ReferenceEquals(_young, young))
            {
                Volatile.Write(ref _old, young);
                Volatile.Write(ref _young, new Generation());
            }
        }
    }

    private sealed class Witness(long[] publishedUtcTicks, DateTimeOffset foundAt)
    {
        public long[] PublishedUtcTicks { get; } = publishedUtcTicks;

        public DateTimeOffset FoundAt { get; } = foundAt;
    }

    private sealed class Generation
    {
        public readonly ConcurrentDictionary<long, Witness> Keys = new();
        public long Bytes;
    }
}
