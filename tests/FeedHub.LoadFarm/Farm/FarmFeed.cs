namespace FeedHub.LoadFarm.Farm;

/// <summary>One entry a feed shows: its number within the feed and the round that published it
/// (entries of one round that republish a release share its text across feeds).</summary>
internal readonly record struct FarmEntry(int Seq, int Round, DateTimeOffset PublishedAt);

/// <summary>A simulated publisher's feed: the newest entries, a version that moves with every
/// change (the ETag) and when it last changed (Last-Modified).</summary>
internal sealed class FarmFeed
{
    private readonly Lock _gate = new();
    private readonly List<FarmEntry> _entries = [];
    // Every entry ever shown, also those that have left the window: FeedHub stored them.
    private readonly List<FarmEntry> _served = [];
    private readonly int _window;
    private int _nextSeq;

    public FarmFeed(int index, int window, DateTimeOffset start)
    {
        Index = index;
        _window = window;
        // The initial entries look like a day of posting, oldest first; they count as rounds
        // 0, -1, -2... so that they too share releases with other feeds.
        for (int i = 0; i < window; i++)
        {
            _entries.Add(new FarmEntry(_nextSeq++, -(window - 1 - i), start.AddHours(-(window - i) * 2.5)));
        }

        _served.AddRange(_entries);

        LastModified = start;
    }

    public int Index { get; }

    public int Version { get; private set; }

    public DateTimeOffset LastModified { get; private set; }

    public bool IsAtom => Index % 5 == 4;

    public string Path => IsAtom ? $"/feeds/{Index}.atom" : $"/feeds/{Index}.xml";

    public void Publish(int count, int round, DateTimeOffset now)
    {
        lock (_gate)
        {
            for (int i = 0; i < count; i++)
            {
                _entries.Add(new FarmEntry(_nextSeq++, round, now.AddSeconds(i - count)));
                _served.Add(_entries[^1]);
            }

            if (_entries.Count > _window)
            {
                _entries.RemoveRange(0, _entries.Count - _window);
            }

            Version++;
            // HTTP dates have whole seconds: a change within the second of the previous one must
            // still move Last-Modified, or If-Modified-Since would hide it.
            DateTimeOffset whole = new(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            LastModified = whole > LastModified ? whole : LastModified.AddSeconds(1);
        }
    }

    public FarmEntry[] Served()
    {
        lock (_gate)
        {
            return [.. _served];
        }
    }

    public (FarmEntry[] Entries, int Version, DateTimeOffset LastModified) Snapshot()
    {
        lock (_gate)
        {
            return ([.. _entries], Version, LastModified);
        }
    }
}
