using FeedHub.Core.Text;
using FeedHub.Storage.Mapping;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Search;

/// <summary>Source tags folded in code for a tag filter: sources are few (hundreds), so reading
/// them all is cheaper than keeping a folded copy in step with every admin edit.</summary>
internal static class SourceTags
{
    public static async Task<ILookup<string, long>> ReadAsync(StorageSession session)
    {
        List<SourceTagsRow> rows = await session.QueryAsync<SourceTagsRow>("SELECT id, tags FROM sources");
        return rows
            .SelectMany(row => JsonColumns.ToStrings(row.Tags).Select(tag => (Tag: SearchFold.Tag(tag), row.Id)))
            .Where(pair => pair.Tag.Length > 0)
            .Distinct()
            .ToLookup(pair => pair.Tag, pair => pair.Id, StringComparer.Ordinal);
    }

    private sealed class SourceTagsRow
    {
        public long Id { get; set; }

        public string Tags { get; set; } = "[]";
    }
}
