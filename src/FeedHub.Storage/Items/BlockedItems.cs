using FeedHub.Core.Items;
using FeedHub.Core.Rules;
using FeedHub.Core.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;
using FeedHub.Storage.Stories;

namespace FeedHub.Storage.Items;

/// <summary>Decides a source's stored items again when its rules change, and counts what the rules
/// block. Rules are decided when an item is stored and again here, never at read time: the feeds
/// stay plain indexed queries (a story's origin is a kept item), and the rule that blocked an item
/// can be counted per rule.</summary>
internal static class BlockedItems
{
    // Items are read in pages so a source with 100k items does not hold them all in memory at once.
    private const int PageSize = 1000;

    public static async Task<RulesApplied> ReevaluateAsync(StorageSession session, long sourceId, ItemRules rules, DateTimeOffset now)
    {
        var matcher = new ItemRuleMatcher(rules);
        var changes = new List<object>();
        var touchedStories = new HashSet<long>();
        int total = 0, blocked = 0;
        long afterId = 0;
        while (true)
        {
            List<RuleRow> page = await session.QueryAsync<RuleRow>(
                $"""
                SELECT id, story_id, title, summary, content, author, categories, blocked_by FROM items
                WHERE source_id = @SourceId AND id > @AfterId
                ORDER BY id {session.Dialect.Limit("@Limit")}
                """,
                new { SourceId = sourceId, AfterId = afterId, Limit = PageSize });
            if (page.Count == 0)
            {
                break;
            }

            foreach (RuleRow row in page)
            {
                string? verdict = matcher.IsEmpty
                    ? null
                    : matcher.Evaluate(RuleSubject.From(row.Title, row.Summary, row.Content, JsonColumns.ToStrings(row.Categories), row.Author)).BlockedBy;
                total++;
                blocked += verdict is null ? 0 : 1;
                if (!string.Equals(verdict, row.BlockedBy, StringComparison.Ordinal))
                {
                    changes.Add(new { row.Id, BlockedBy = verdict });
                    if ((verdict is null) != (row.BlockedBy is null))
                    {
                        touchedStories.Add(row.StoryId);
                    }
                }
            }

            // A short page is the last one: no query just to learn that nothing follows.
            if (page.Count < PageSize)
            {
                break;
            }

            afterId = page[^1].Id;
        }

        await session.ExecuteAsync("UPDATE items SET blocked_by = @BlockedBy WHERE id = @Id", changes);
        // A story whose kept copies changed chooses its origin again; one with none left is unpublished.
        await StoryOrigins.RefreshAsync(session, touchedStories, now);
        if (touchedStories.Count > 0)
        {
            await ChangeVersion.BumpAsync(session);
        }

        return new RulesApplied(total, blocked, changes.Count);
    }

    /// <summary>The items of a commit as the source's rules decide them now: as they come when they
    /// were decided with the rules the source holds (the usual case), else decided again, so a rule
    /// change that commits while a poll is under way applies to that poll's items too.</summary>
    public static async Task<List<FeedItem>> DecideAtCommitAsync(StorageSession session, long sourceId, List<FeedItem> items, ItemRules? decidedWith)
    {
        // Sent by every changed poll: prepared once per connection.
        RulesRow? row = await session.QueryPreparedAsync<RulesRow>(
            "SELECT keep_rules, block_rules FROM sources WHERE id = @Id", new { Id = sourceId });
        var current = new ItemRules
        {
            Keep = SourceSettingsColumns.ToRules(row?.KeepRules),
            Block = SourceSettingsColumns.ToRules(row?.BlockRules),
        };
        if (decidedWith is not null ? current.SameAs(decidedWith) : current.IsEmpty && items.TrueForAll(i => i.BlockedBy is null))
        {
            return items;
        }

        var matcher = new ItemRuleMatcher(current);
        return items.ConvertAll(item => item with { BlockedBy = matcher.Evaluate(RuleSubject.From(item)).BlockedBy });
    }

    public static async Task<IReadOnlyDictionary<long, IReadOnlyDictionary<string, long>>> CountAsync(StorageSession session)
    {
        List<(long SourceId, string BlockedBy, long Items)> counts = await session.QueryAsync<(long SourceId, string BlockedBy, long Items)>(
            "SELECT source_id, blocked_by, count(*) FROM items WHERE blocked_by IS NOT NULL GROUP BY source_id, blocked_by");
        return counts
            .GroupBy(c => c.SourceId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, long>)g.ToDictionary(c => c.BlockedBy, c => c.Items, StringComparer.Ordinal));
    }

    private sealed class RulesRow
    {
        public string? KeepRules { get; set; }
        public string? BlockRules { get; set; }
    }

    private sealed class RuleRow
    {
        public long Id { get; set; }
        public long StoryId { get; set; }
        public string Title { get; set; } = "";
        public string? Summary { get; set; }
        public string? Content { get; set; }
        public string? Author { get; set; }
        public string? Categories { get; set; }
        public string? BlockedBy { get; set; }
    }
}
