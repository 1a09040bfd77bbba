using FeedHub.Core.Text;
using FeedHub.Storage.Sqlite;

namespace FeedHub.Storage.Search;

/// <summary>An item's categories, folded (<see cref="SearchFold.Tag"/>), in <c>item_tags</c>: what
/// a tag filter seeks instead of reading every item's JSON.</summary>
internal static class ItemTags
{
    /// <summary>Replaces the item's tags with its current categories.</summary>
    public static async Task WriteAsync(SqliteSession session, long itemId, IReadOnlyList<string> categories)
    {
        await session.ExecuteAsync("DELETE FROM item_tags WHERE item_id = @ItemId", new { ItemId = itemId });
        string[] tags = [.. categories.Select(SearchFold.Tag).Where(tag => tag.Length > 0).Distinct(StringComparer.Ordinal)];
        if (tags.Length > 0)
        {
            await session.ExecuteAsync(
                "INSERT INTO item_tags (tag, item_id) VALUES (@Tag, @ItemId)",
                tags.Select(tag => new { Tag = tag, ItemId = itemId }));
        }
    }
}
