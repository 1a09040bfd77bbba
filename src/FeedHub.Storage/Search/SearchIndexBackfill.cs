using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Core.Text;
using FeedHub.Storage.Mapping;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Search;

/// <summary>Fills <c>search_text</c> and <c>item_tags</c> of items stored before migration 0012
/// (their <c>search_text</c> is null; a folded item has at least an empty one), one short write
/// transaction per batch. The engine's index follows the column (a trigger or an index on it).</summary>
internal sealed class SearchIndexBackfill(StorageDatabase database) : ISearchIndexBackfill
{
    public async Task<StoryBackfillBatch> IndexBatchAsync(long afterItemId, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        List<UnfoldedRow> rows = await session.QueryAsync<UnfoldedRow>(
            $"""
            SELECT id, title, summary, content, categories FROM items
            WHERE id > @After AND search_text IS NULL
            ORDER BY id {session.Dialect.Limit("@Limit")}
            """,
            new { After = afterItemId, Limit = batchSize });
        if (rows.Count == 0)
        {
            return new StoryBackfillBatch(0, afterItemId);
        }

        foreach (UnfoldedRow row in rows)
        {
            await session.ExecuteAsync(
                "UPDATE items SET search_text = @SearchText WHERE id = @Id",
                new { row.Id, SearchText = SearchFold.ItemText(row.Title, row.Summary, row.Content) });
            await ItemTags.ReplaceAsync(session, row.Id, JsonColumns.ToStrings(row.Categories));
        }

        await session.CommitAsync();
        return new StoryBackfillBatch(rows.Count, rows[^1].Id);
    }

    private sealed class UnfoldedRow
    {
        public long Id { get; set; }

        public string? Title { get; set; }

        public string? Summary { get; set; }

        public string? Content { get; set; }

        public string Categories { get; set; } = "[]";
    }
}
