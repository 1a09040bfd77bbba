using FeedHub.Core.Items;

namespace FeedHub.Storage.Sqlite;

/// <summary>Tier 2: a copy of any source with the same canonical link is the same story.</summary>
internal sealed class SameCanonicalLinkMatcher : IStoryMatcher
{
    public async Task<long?> FindStoryAsync(SqliteSession session, FeedItem item, StoryBatch batch)
    {
        if (string.IsNullOrEmpty(item.CanonicalLink))
        {
            return null;
        }

        return batch.StoryWithCanonicalLink(item.CanonicalLink)
            ?? await session.QuerySingleOrDefaultAsync<long?>(
                "SELECT story_id FROM items WHERE canonical_link = @CanonicalLink ORDER BY id LIMIT 1",
                new { item.CanonicalLink });
    }
}
