namespace FeedHub.Core.Retention;

/// <summary>What the retention settings make purgeable at a given instant. The storage layer
/// runs the same rule in SQL over many rows; this is its reference, tested on its own.</summary>
public sealed class RetentionPolicy(RetentionOptions options)
{
    private readonly RetentionOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    public bool KeepsAllItems => _options.ItemMaxAge == TimeSpan.Zero;

    public bool KeepsAllAuditEntries => _options.AuditMaxAge == TimeSpan.Zero;

    /// <summary>Items last seen before this instant may go; null when items are kept forever.</summary>
    public DateTimeOffset? ItemCutoff(DateTimeOffset now) => KeepsAllItems ? null : now - _options.ItemMaxAge;

    /// <summary>Audit entries written before this instant go; null when the log is kept whole.</summary>
    public DateTimeOffset? AuditCutoff(DateTimeOffset now) => KeepsAllAuditEntries ? null : now - _options.AuditMaxAge;

    /// <summary>Whether an item goes. Age alone is not enough: an item in its feed's latest
    /// document is still listed (a 304 or an unchanged feed does not touch last-seen times), and
    /// purging it would bring it back at the next full fetch as a new item, a new story, and a
    /// repeat in every subscriber's reader. So an item of a live source goes only when a later
    /// document of that feed no longer listed it: when it was last seen more than
    /// <see cref="LastSeen.Precision"/> before the source's newest last-seen time (a listed item's
    /// time is kept to that precision, so one still listed is never further behind). A removed
    /// source is never fetched again.</summary>
    /// <param name="lastSeenAt">When the item was last in a stored document of its feed.</param>
    /// <param name="sourceLastListedAt">The newest last-seen time among the source's items: when
    /// its latest document with entries was stored.</param>
    /// <param name="sourceRemoved">The source was removed (its items stayed published).</param>
    public bool IsItemPurgeable(DateTimeOffset lastSeenAt, DateTimeOffset sourceLastListedAt, bool sourceRemoved, DateTimeOffset now) =>
        ItemCutoff(now) is DateTimeOffset cutoff && PurgeBefore(cutoff, sourceLastListedAt, sourceRemoved) is DateTimeOffset bound && lastSeenAt < bound;

    /// <summary>The same rule per source, as storage applies it: the source's items last seen
    /// before the returned instant go; none when null (a live source with no items).</summary>
    public static DateTimeOffset? PurgeBefore(DateTimeOffset cutoff, DateTimeOffset? sourceLastListedAt, bool sourceRemoved) =>
        sourceRemoved ? cutoff
        : sourceLastListedAt is DateTimeOffset listed ? Earlier(listed - LastSeen.Precision, cutoff)
        : null;

    private static DateTimeOffset Earlier(DateTimeOffset first, DateTimeOffset second) => first < second ? first : second;
}
