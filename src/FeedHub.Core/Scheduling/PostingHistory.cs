namespace FeedHub.Core.Scheduling;

/// <summary>The publish times of a source's recent entries, newest first, kept with its poll state
/// so the posting rate survives restarts. Each document's dated entries are merged in (a feed
/// re-serves the same entries, so equal times count once); times in the future are a publisher's
/// clock or time zone error and are left out; only <see cref="Kept"/> within <see cref="Horizon"/> stay.</summary>
public static class PostingHistory
{
    public const int Kept = 64;
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(30);

    /// <summary>How far ahead of now a publish time may be and still count (clock skew).</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(10);

    public static IReadOnlyList<DateTimeOffset> Merge(IReadOnlyList<DateTimeOffset> kept, IEnumerable<DateTimeOffset?> published, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(published);
        DateTimeOffset oldest = now - Horizon;
        return kept.Concat(published.OfType<DateTimeOffset>().Where(t => t <= now + Skew).Select(t => t > now ? now : t))
            .Select(t => t.ToUniversalTime())
            .Where(t => t >= oldest)
            .Distinct()
            .OrderDescending()
            .Take(Kept)
            .ToList();
    }
}
