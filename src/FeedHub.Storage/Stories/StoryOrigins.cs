using FeedHub.Core.Stories;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;

namespace FeedHub.Storage.Stories;

/// <summary>Keeps each story's origin copy, link and publish time in step with its items: loads
/// the copies and the sources, asks <see cref="StoryOrigin"/>, writes the answer and its reason.
/// Only kept copies compete: an item its source's rules block is never a story's origin, and a story
/// with no kept copy has no origin, so no feed lists it.</summary>
internal static class StoryOrigins
{
    public static async Task RefreshAsync(StorageSession session, IReadOnlyCollection<long> storyIds, DateTimeOffset now)
    {
        if (storyIds.Count == 0)
        {
            return;
        }

        // Every poll placing an item sends these: prepared once per connection on SQLite (the list is
        // one JSON parameter there, so the text never varies).
        object ids = session.Dialect.ListValue(storyIds);
        List<CopyRow> copies = await session.QueryAllPreparedAsync<CopyRow>(
            $"SELECT id, story_id, source_id, published_at, credits, canonical_link FROM items WHERE {session.Dialect.InList("story_id", "@StoryIds")} AND blocked_by IS NULL",
            new { StoryIds = ids });

        // Stories left with blocked copies only lose their origin (a story merged away has no copies
        // and keeps its state). A story with a kept copy just read is not one of them: the statement
        // is sent only for the others, mostly none.
        var withKeptCopy = new HashSet<long>(copies.Select(copy => copy.StoryId));
        List<long> withoutKeptCopy = [.. storyIds.Where(id => !withKeptCopy.Contains(id))];
        if (withoutKeptCopy.Count > 0)
        {
            await session.ExecuteAsync(
                $"""
                UPDATE stories SET origin_item_id = NULL, origin_rule = NULL, origin_reason = @Reason, updated_at = @Now
                WHERE {session.Dialect.InList("id", "@StoryIds")} AND origin_item_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM items WHERE items.story_id = stories.id AND items.blocked_by IS NULL)
                """,
                new { StoryIds = session.Dialect.ListValue(withoutKeptCopy), Reason = "every copy is blocked by its source's rules", Now = now });
        }

        if (copies.Count == 0)
        {
            return;
        }

        List<SourceRow> sourceRows = await session.QueryAllPreparedAsync<SourceRow>(SourcesSql(session.Dialect), new { StoryIds = ids });
        // In id order, as the single scan this replaced read them: which source a credit names
        // first must not depend on the plan.
        var sources = new OriginDirectory([.. sourceRows
            .DistinctBy(row => row.Id)
            .OrderBy(row => row.Id)
            .Select(row => new OriginSource(row.Id, row.IsOrigin != 0, row.Title, JsonColumns.ToStrings(row.Credits)))]);
        var updates = new List<OriginUpdate>();
        // Story rows are updated in id order: two sessions touching the same stories then wait for
        // each other instead of deadlocking.
        foreach (IGrouping<long, CopyRow> story in copies.GroupBy(copy => copy.StoryId).OrderBy(story => story.Key))
        {
            OriginChoice choice = StoryOrigin.Choose(
                story.Select(copy => new OriginCandidate(copy.Id, copy.SourceId, copy.PublishedAt, JsonColumns.ToStrings(copy.Credits))).ToList(),
                sources);
            CopyRow origin = story.First(copy => copy.Id == choice.ItemId);
            updates.Add(new OriginUpdate(story.Key, origin.Id, origin.CanonicalLink, origin.PublishedAt, choice.Rule.ToString(), choice.Reason, now));
        }

        foreach (OriginUpdate update in updates)
        {
            await session.ExecutePreparedAsync(
                """
                UPDATE stories
                SET origin_item_id = @OriginItemId, canonical_link = @CanonicalLink, published_at = @PublishedAt,
                    origin_rule = @OriginRule, origin_reason = @OriginReason, updated_at = @Now
                WHERE id = @StoryId
                """,
                update);
        }
    }

    private sealed record OriginUpdate(long StoryId, long OriginItemId, string? CanonicalLink, DateTimeOffset PublishedAt, string OriginRule, string OriginReason, DateTimeOffset Now);

    /// <summary>The sources <see cref="StoryOrigin"/> may need: those of the stories' copies, and
    /// every source a credit line can name (origins and sources with aliases). Three reads, each
    /// through an index (the last two partial, migration 0019), rather than one OR that no index
    /// serves: that scanned the whole sources table on every poll placing an item. A source in two
    /// of them comes twice; the caller keeps one.</summary>
    internal static string SourcesSql(ISqlDialect dialect) =>
        $"""
        SELECT id, is_origin, title, credits FROM sources
        WHERE id IN (SELECT DISTINCT source_id FROM items WHERE {dialect.InList("story_id", "@StoryIds")})
        UNION ALL
        SELECT id, is_origin, title, credits FROM sources WHERE credits <> '[]'
        UNION ALL
        SELECT id, is_origin, title, credits FROM sources WHERE is_origin = 1
        """;

    private sealed class CopyRow
    {
        public long Id { get; set; }
        public long StoryId { get; set; }
        public long SourceId { get; set; }
        public DateTimeOffset PublishedAt { get; set; }
        public string? Credits { get; set; }
        public string? CanonicalLink { get; set; }
    }

    private sealed class SourceRow
    {
        public long Id { get; set; }
        public long IsOrigin { get; set; }
        public string? Title { get; set; }
        public string? Credits { get; set; }
    }
}
