using FeedHub.Core.Retention;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Items;

/// <summary>The items a stored document of a source listed: their last-seen times, which retention
/// reads as "the feed still lists it", kept to <see cref="LastSeen.Precision"/>. Sent by every
/// changed poll and every re-served document, so both statements are prepared once per connection
/// (the list is one JSON parameter on SQLite, so the text never varies).</summary>
internal static class ListedItems
{
    /// <summary>Moves the listed items' last-seen times to <paramref name="now"/> where they are
    /// at least the precision old; the rows are not written otherwise.</summary>
    /// <returns>How many of <paramref name="ids"/> are stored items of the source (one purged since
    /// it was looked up is not).</returns>
    public static async Task<int> TouchAsync(StorageSession session, long sourceId, IReadOnlyCollection<long> ids, DateTimeOffset now)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        // By id, the source checked on each row: given source_id as an index term, SQLite's planner
        // takes the (source_id, last_seen_at) index for these statements and walks every item of
        // the source (1.2 ms against 0.04 ms a poll for a source of 6,000 items).
        string listed = $"{session.Dialect.InList("id", "@Ids")} AND source_id + 0 = @SourceId";
        object list = session.Dialect.ListValue(ids);
        DateTimeOffset staleUpTo = LastSeen.StaleUpTo(now);
        Sightings counted = await session.QueryPreparedAsync<Sightings>(
            $"SELECT count(*) AS listed_count, coalesce(sum(CASE WHEN last_seen_at <= @StaleUpTo THEN 1 ELSE 0 END), 0) AS stale_count FROM items WHERE {listed}",
            new { SourceId = sourceId, Ids = list, StaleUpTo = staleUpTo }) ?? new Sightings();
        if (counted.StaleCount > 0)
        {
            await session.ExecutePreparedAsync(
                $"UPDATE items SET last_seen_at = @Now WHERE {listed} AND last_seen_at <= @StaleUpTo",
                new { SourceId = sourceId, Ids = list, StaleUpTo = staleUpTo, Now = now });
        }

        return (int)counted.ListedCount;
    }

    private sealed class Sightings
    {
        public long ListedCount { get; set; }

        public long StaleCount { get; set; }
    }
}
