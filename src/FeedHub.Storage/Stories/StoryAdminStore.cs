using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Storage.Administration;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;

namespace FeedHub.Storage.Stories;

/// <summary>Explains stories and applies an admin's splits and merges, each in one write
/// transaction that also writes the story_overrides row, an audit_log line and bumps the feeds'
/// change version. Items are never re-matched after they are stored, and moved items take their
/// index keys along, so later polls build on the correction instead of undoing it.</summary>
internal sealed class StoryAdminStore(StorageDatabase database, TimeProvider timeProvider) : IStoryAdminStore
{
    public async Task<StoryExplanation?> ExplainAsync(long storyId, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, cancellationToken);
        StoryRow? story = await session.QuerySingleOrDefaultAsync<StoryRow>(
            "SELECT id, origin_item_id, origin_rule, origin_reason, first_seen_at FROM stories WHERE id = @Id AND merged_into IS NULL",
            new { Id = storyId });
        if (story is null)
        {
            return null;
        }

        List<MemberRow> members = await session.QueryAsync<MemberRow>(
            """
            SELECT i.id, i.source_id, s.title AS source_title, i.title, i.link, i.published_at, i.credits,
                   i.story_rule, i.story_score, i.story_reason
            FROM items i JOIN sources s ON s.id = i.source_id
            WHERE i.story_id = @Id
            ORDER BY i.published_at, i.id
            """,
            new { Id = storyId });
        List<CorrectionRow> corrections = await session.QueryAsync<CorrectionRow>(
            """
            SELECT at, actor, action, story_id, other_story_id, item_id, details FROM story_overrides
            WHERE story_id = @Id OR other_story_id = @Id
            ORDER BY id
            """,
            new { Id = storyId });
        return new StoryExplanation
        {
            StoryId = story.Id,
            OriginItemId = story.OriginItemId,
            OriginRule = Enum.TryParse(story.OriginRule, out OriginRule originRule) ? originRule : null,
            OriginReason = story.OriginReason,
            FirstSeenAt = story.FirstSeenAt,
            Members = members.ConvertAll(member => new StoryMemberExplanation
            {
                ItemId = member.Id,
                SourceId = member.SourceId,
                SourceTitle = member.SourceTitle,
                Title = member.Title,
                Link = member.Link,
                PublishedAt = member.PublishedAt,
                IsOrigin = member.Id == story.OriginItemId,
                Credits = JsonColumns.ToStrings(member.Credits),
                Rule = Enum.TryParse(member.StoryRule, out StoryJoinRule rule) ? rule : null,
                Score = member.StoryScore,
                Reason = member.StoryReason,
            }),
            Corrections = corrections.ConvertAll(row => new StoryCorrection(row.At, row.Actor, row.Action, row.StoryId, row.OtherStoryId, row.ItemId, row.Details)),
        };
    }

    public async Task<StorySplit?> SplitAsync(long itemId, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        DateTimeOffset now = timeProvider.GetUtcNow();
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        await session.Dialect.LockAsync(session, SessionLock.StoryAssignment);
        SplitItemRow? item = await session.QuerySingleOrDefaultAsync<SplitItemRow>(
            "SELECT id, story_id, canonical_link, published_at FROM items WHERE id = @Id", new { Id = itemId });
        if (item is null)
        {
            return null;
        }

        long copies = await session.ExecuteScalarAsync<long>("SELECT count(*) FROM items WHERE story_id = @StoryId", new { item.StoryId });
        if (copies <= 1)
        {
            return new StorySplit(itemId, item.StoryId, item.StoryId, Changed: false);
        }

        long newStoryId = await StoryAssigner.CreateStoryAsync(session, item.CanonicalLink, item.PublishedAt, now);
        string details = $"item {itemId} split from story {item.StoryId} into story {newStoryId}";
        await session.ExecuteAsync(
            "UPDATE items SET story_id = @NewStoryId, story_rule = @Rule, story_score = NULL, story_reason = @Reason WHERE id = @ItemId",
            new { NewStoryId = newStoryId, ItemId = itemId, Rule = nameof(StoryJoinRule.SplitByAdmin), Reason = $"split from story {item.StoryId} by {actor}" });
        await session.ExecuteAsync(
            "UPDATE story_keys SET story_id = @NewStoryId WHERE item_id = @ItemId",
            new { NewStoryId = newStoryId, ItemId = itemId });
        await StoryOrigins.RefreshAsync(session, [item.StoryId, newStoryId], now);
        await AuditAsync(session, now, actor, "split", item.StoryId, newStoryId, itemId, details);
        await session.CommitAsync();
        return new StorySplit(itemId, item.StoryId, newStoryId, Changed: true);
    }

    public async Task<StoryMerge?> MergeAsync(long storyId, long otherStoryId, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (storyId == otherStoryId)
        {
            return null;
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        await session.Dialect.LockAsync(session, SessionLock.StoryAssignment);
        List<StoryRow> stories = await session.QueryAsync<StoryRow>(
            """
            SELECT id, origin_item_id, origin_rule, origin_reason, first_seen_at FROM stories
            WHERE id IN (@StoryId, @OtherStoryId) AND merged_into IS NULL
            ORDER BY first_seen_at, id
            """,
            new { StoryId = storyId, OtherStoryId = otherStoryId });
        if (stories.Count != 2)
        {
            return null;
        }

        // The older story keeps its id and feed GUID; the newer one's entry leaves the feeds.
        (long kept, long removed) = (stories[0].Id, stories[1].Id);
        // A key's story is its item's, and story_keys has no index by story (migration 0020): the
        // keys are found through the items, before the items move.
        await session.ExecuteAsync(
            "UPDATE story_keys SET story_id = @Kept WHERE item_id IN (SELECT id FROM items WHERE story_id = @Removed)",
            new { Kept = kept, Removed = removed });
        int moved = await session.ExecuteAsync(
            "UPDATE items SET story_id = @Kept, story_rule = @Rule, story_reason = @Reason WHERE story_id = @Removed",
            new { Kept = kept, Removed = removed, Rule = nameof(StoryJoinRule.MergedByAdmin), Reason = $"story {removed} merged into story {kept} by {actor}" });
        await session.ExecuteAsync(
            "UPDATE stories SET origin_item_id = NULL, merged_into = @Kept, updated_at = @Now WHERE id = @Removed",
            new { Kept = kept, Removed = removed, Now = now });
        await StoryOrigins.RefreshAsync(session, [kept], now);
        await AuditAsync(session, now, actor, "merge", kept, removed, null, $"story {removed} merged into story {kept} ({moved} items moved)");
        await session.CommitAsync();
        return new StoryMerge(kept, removed, moved);
    }

    private static async Task AuditAsync(StorageSession session, DateTimeOffset now, string actor, string action, long storyId, long otherStoryId, long? itemId, string details)
    {
        await session.ExecuteAsync(
            """
            INSERT INTO story_overrides (at, actor, action, story_id, other_story_id, item_id, details)
            VALUES (@Now, @Actor, @Action, @StoryId, @OtherStoryId, @ItemId, @Details)
            """,
            new { Now = now, Actor = actor, Action = action, StoryId = storyId, OtherStoryId = otherStoryId, ItemId = itemId, Details = details });
        await AuditLog.AppendAsync(session, new AuditEntry { At = now, Actor = actor, Action = "story-" + action, SourceId = null, Details = details });
        await ChangeVersion.BumpAsync(session);
    }

    private sealed class StoryRow
    {
        public long Id { get; set; }
        public long? OriginItemId { get; set; }
        public string? OriginRule { get; set; }
        public string? OriginReason { get; set; }
        public DateTimeOffset FirstSeenAt { get; set; }
    }

    private sealed class SplitItemRow
    {
        public long Id { get; set; }
        public long StoryId { get; set; }
        public string? CanonicalLink { get; set; }
        public DateTimeOffset PublishedAt { get; set; }
    }

    private sealed class MemberRow
    {
        public long Id { get; set; }
        public long SourceId { get; set; }
        public string? SourceTitle { get; set; }
        public string Title { get; set; } = "";
        public string? Link { get; set; }
        public DateTimeOffset PublishedAt { get; set; }
        public string? Credits { get; set; }
        public string? StoryRule { get; set; }
        public double? StoryScore { get; set; }
        public string? StoryReason { get; set; }
    }

    private sealed class CorrectionRow
    {
        public DateTimeOffset At { get; set; }
        public string Actor { get; set; } = "";
        public string Action { get; set; } = "";
        public long StoryId { get; set; }
        public long OtherStoryId { get; set; }
        public long? ItemId { get; set; }
        public string Details { get; set; } = "";
    }
}
