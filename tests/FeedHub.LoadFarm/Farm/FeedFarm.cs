namespace FeedHub.LoadFarm.Farm;

/// <summary>The farm's feeds and their rounds of change: each round a share of the feeds
/// publishes one to a few new entries, the rest stay as they were (and answer 304).</summary>
internal sealed class FeedFarm
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly int _seed;
    private int _round;

    public FeedFarm(int feeds, int entries, int seed, TimeProvider time)
    {
        _time = time;
        _seed = seed;
        // The initial entries hang off the day, not the farm's start, so that a farm restarted
        // the same day serves what a database primed by an earlier one already holds.
        DateTimeOffset start = new(time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        Feeds = [.. Enumerable.Range(0, feeds).Select(i => new FarmFeed(i, entries, start))];
    }

    public IReadOnlyList<FarmFeed> Feeds { get; }

    public int Seed => _seed;

    public FarmRound Advance(double changedShare, int minNew, int maxNew)
    {
        lock (_gate)
        {
            int round = ++_round;
            var random = new Random(StableSeed.Of(_seed, round));
            int changed = (int)Math.Round(changedShare * Feeds.Count);
            int[] order = [.. Enumerable.Range(0, Feeds.Count)];
            random.Shuffle(order);
            DateTimeOffset now = _time.GetUtcNow();
            int entries = 0;
            foreach (int feed in order.Take(changed))
            {
                int count = random.Next(minNew, maxNew + 1);
                Feeds[feed].Publish(count, round, now);
                entries += count;
            }

            return new FarmRound(round, changed, entries);
        }
    }
}
