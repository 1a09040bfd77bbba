using System.Text.Json;

namespace FeedHub.Storage.Sqlite;

/// <summary>Keeps each story's origin copy, link and publish time in step with its items.</summary>
internal static class StoryOrigins
{
    /// <summary>The origin is the copy from a source marked as origin if there is one, else the
    /// earliest published copy (ties go to the copy stored first).</summary>
    public static async Task RefreshAsync(SqliteSession session, IReadOnlyCollection<long> storyIds, DateTimeOffset now)
    {
        if (storyIds.Count == 0)
        {
            return;
        }

        await session.ExecuteAsync(
            """
            UPDATE stories
            SET origin_item_id = origin.id,
                canonical_link = origin.canonical_link,
                published_at = origin.published_at,
                updated_at = @Now
            FROM (SELECT story_id, id, canonical_link, published_at
                  FROM (SELECT i.story_id, i.id, i.canonical_link, i.published_at,
                               row_number() OVER (PARTITION BY i.story_id
                                                  ORDER BY s.is_origin DESC, i.published_at, i.id) AS rank
                        FROM items i
                        JOIN sources s ON s.id = i.source_id
                        WHERE i.story_id IN (SELECT value FROM json_each(@StoryIds)))
                  WHERE rank = 1) AS origin
            WHERE stories.id = origin.story_id
            """,
            new { StoryIds = JsonSerializer.Serialize(storyIds), Now = now });
    }
}
