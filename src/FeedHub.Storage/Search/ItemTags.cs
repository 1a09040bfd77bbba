using Dapper;
using FeedHub.Core.Text;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;

namespace FeedHub.Storage.Search;

/// <summary>An item's categories, folded (<see cref="SearchFold.Tag"/>), in <c>item_tags</c>: what
/// a tag filter seeks instead of reading every item's JSON.</summary>
internal static class ItemTags
{
    /// <summary>Rows per INSERT: two parameters each. Binding a parameter by name costs a scan of
    /// the statement's parameters (in Dapper and in SQLite), so a statement's cost grows with the
    /// square of its rows: at 500 rows binding was most of a 1,000-item commit's tag writes.</summary>
    private const int RowsPerStatement = 50;

    /// <summary>Writes the tags of new items, many rows per statement.</summary>
    public static async Task AddAsync(StorageSession session, IEnumerable<(long ItemId, IReadOnlyList<string> Categories)> items)
    {
        List<(string Tag, long ItemId)> rows = [.. items.SelectMany(item => Folded(item.Categories).Select(tag => (tag, item.ItemId)))];
        foreach ((string Tag, long ItemId)[] chunk in rows.Chunk(RowsPerStatement))
        {
            var parameters = new DynamicParameters();
            for (int i = 0; i < chunk.Length; i++)
            {
                parameters.Add($"T{i}", chunk[i].Tag);
                parameters.Add($"I{i}", chunk[i].ItemId);
            }

            await session.ExecuteAsync(
                "INSERT INTO item_tags (tag, item_id) VALUES " + string.Join(", ", chunk.Select((_, i) => $"(@T{i}, @I{i})")),
                parameters);
        }
    }

    /// <summary>Writes the tags of one new item.</summary>
    public static Task AddAsync(StorageSession session, long itemId, IReadOnlyList<string> categories) =>
        AddAsync(session, [(itemId, categories)]);

    private static IEnumerable<string> Folded(IReadOnlyList<string> categories) =>
        categories.Select(SearchFold.Tag).Where(tag => tag.Length > 0).Distinct(StringComparer.Ordinal);

    /// <summary>Replaces the tags of a stored item with its current categories.</summary>
    public static async Task ReplaceAsync(StorageSession session, long itemId, IReadOnlyList<string> categories)
    {
        await session.ExecuteAsync("DELETE FROM item_tags WHERE item_id = @ItemId", new { ItemId = itemId });
        await AddAsync(session, itemId, categories);
    }

    /// <summary>Replaces the tags of a revised item when its categories fold to other tags than
    /// <paramref name="storedCategoriesJson"/> (the column its tags were made from), or when it has
    /// no tags yet (null: stored before the search index); else writes nothing.</summary>
    public static Task ReviseAsync(StorageSession session, long itemId, string? storedCategoriesJson, IReadOnlyList<string> categories) =>
        storedCategoriesJson is not null
        && Folded(JsonColumns.ToStrings(storedCategoriesJson)).ToHashSet(StringComparer.Ordinal).SetEquals(Folded(categories))
            ? Task.CompletedTask
            : ReplaceAsync(session, itemId, categories);
}
