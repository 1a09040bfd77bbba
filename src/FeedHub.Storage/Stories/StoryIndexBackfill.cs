using FeedHub.Core.Stories;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Stories;

/// <summary>Writes the matching text and index keys of items stored before migration 0005, one
/// short write transaction per batch; the Core (<see cref="StoryBackfill"/>) computes
/// them. Keys carry the item's current story, read in the same transaction, so a split or merge
/// made between batches is respected and no item changes story.</summary>
internal sealed class StoryIndexBackfill(StorageDatabase database, StoryOptions options) : IStoryIndexBackfill
{
    public async Task<StoryBackfillBatch> IndexBatchAsync(long afterItemId, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        // Keys carry the item's story: a split or merge must not move it between read and write.
        await session.Dialect.LockAsync(session, SessionLock.StoryAssignment);
        // Seeking on the rowid from the last batch keeps every batch cheap, however many items
        // were already indexed before it.
        List<UnindexedRow> rows = await session.QueryAsync<UnindexedRow>(
            $"""
            SELECT id, source_id, title, coalesce(content, summary) AS body FROM items
            WHERE id > @After AND match_text IS NULL
            ORDER BY id {session.Dialect.Limit("@Limit")}
            """,
            new { After = afterItemId, Limit = batchSize });
        if (rows.Count == 0)
        {
            return new StoryBackfillBatch(0, afterItemId);
        }

        var recentBySource = new Dictionary<long, IReadOnlyList<string>>();
        foreach (long sourceId in rows.Select(row => row.SourceId).Distinct())
        {
            recentBySource[sourceId] = await session.QueryAsync<string>(
                $"SELECT match_text FROM items WHERE source_id = @SourceId AND match_text IS NOT NULL ORDER BY id DESC {session.Dialect.Limit("@Limit")}",
                new { SourceId = sourceId, Limit = options.BoilerplateHistory });
        }

        List<IndexedItem> indexed = StoryBackfill.Index(
            rows.ConvertAll(row => new UnindexedItem(row.Id, row.SourceId, row.Title, row.Body)), recentBySource, options);
        foreach (IndexedItem item in indexed)
        {
            await session.ExecuteAsync(
                "UPDATE items SET match_text = @MatchText, credits = @Credits WHERE id = @Id",
                new { Id = item.ItemId, item.Text.MatchText, Credits = Mapping.JsonColumns.FromStrings(item.Text.Credits) });
            await session.ExecuteAsync("DELETE FROM story_keys WHERE item_id = @Id", new { Id = item.ItemId });
            await session.ExecuteAsync(
                session.Dialect.InsertIgnoringDuplicates(
                    "story_keys",
                    "key, published_at, item_id, story_id",
                    $"SELECT k.\"key\", i.published_at, i.id, i.story_id FROM {session.Dialect.IntegerRows("@Keys", "key")} AS k JOIN items i ON i.id = @Id WHERE 1 = 1",
                    "key, published_at, item_id"),
                new { Id = item.ItemId, Keys = session.Dialect.RowsValue(item.Keys.Select(key => new[] { key })) });
        }

        await session.CommitAsync();
        return new StoryBackfillBatch(rows.Count, rows[^1].Id);
    }

    private sealed class UnindexedRow
    {
        public long Id { get; set; }

        public long SourceId { get; set; }

        public string? Title { get; set; }

        public string? Body { get; set; }
    }
}
