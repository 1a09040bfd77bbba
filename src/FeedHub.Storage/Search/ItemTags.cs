using Dapper;
using FeedHub.Core.Text;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Search;

/// <summary>An item's categories, folded (<see cref="SearchFold.Tag"/>), in <c>item_tags</c>: what
/// a tag filter seeks instead of reading every item's JSON.</summary>
internal static class ItemTags
{
    /// <summary>Writes the tags of a new item: one statement (a feed keeps at most 50 categories).</summary>
    public static async Task AddAsync(StorageSession session, long itemId, IReadOnlyList<string> categories)
    {
        string[] tags = [.. categories.Select(SearchFold.Tag).Where(tag => tag.Length > 0).Distinct(StringComparer.Ordinal)];
        if (tags.Length == 0)
        {
            return;
        }

        var parameters = new DynamicParameters();
        parameters.Add("ItemId", itemId);
        for (int i = 0; i < tags.Length; i++)
        {
            parameters.Add($"Tag{i}", tags[i]);
        }

        await session.ExecuteAsync(
            "INSERT INTO item_tags (tag, item_id) VALUES " + string.Join(", ", tags.Select((_, i) => $"(@Tag{i}, @ItemId)")),
            parameters);
    }

    /// <summary>Replaces the tags of a stored item with its current categories.</summary>
    public static async Task ReplaceAsync(StorageSession session, long itemId, IReadOnlyList<string> categories)
    {
        await session.ExecuteAsync("DELETE FROM item_tags WHERE item_id = @ItemId", new { ItemId = itemId });
        await AddAsync(session, itemId, categories);
    }
}
