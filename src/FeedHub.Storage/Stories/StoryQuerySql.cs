using System.Text;
using Dapper;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Core.Text;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;
using FeedHub.Storage.Search;

namespace FeedHub.Storage.Stories;

/// <summary>Builds the SQL of a filtered, keyset-paged story query. Every value is a parameter;
/// only the shape (which clauses) varies. The page is chosen on narrow rows (story ids in
/// published order) and only its rows are read whole. Each filter is written one of two ways:
/// a <em>seek</em> (the filter's index gives its few stories, which are then sorted) or a
/// <em>probe</em> (stories are walked newest first on ix_stories_published_at and each is checked
/// through the filter's index until the page is full). A seek costs what the filter matches, a
/// probe what the page needs divided by how common the filter is, so the reader counts each
/// filter's matches up to <see cref="SeekBelow"/> first (<see cref="Counts"/>) and seeks the rare
/// ones. Either way every step is an index lookup: nothing scans items or stories.</summary>
internal static class StoryQuerySql
{
    /// <summary>A filter with fewer matches than this is sought, a commoner one probed: seeking
    /// sorts at most this many stories, and probing a filter at least this common reads about
    /// limit × stories / this many stories (some 5,000 index lookups for a page of 50 among 1M).</summary>
    public const int SeekBelow = 10_000;

    /// <param name="sourcesByTag">Source ids by folded tag (<see cref="SearchFold.Tag"/>): source
    /// tags are few, so they are matched in code and the query seeks by source.</param>
    /// <param name="seek">Which filters to seek: [0] the search, [1 + f] selection f; absent means probe.</param>
    public static (string Sql, DynamicParameters Parameters) Build(StoryQuery query, ISqlDialect dialect, ILookup<string, long> sourcesByTag, IReadOnlyList<bool>? seek = null)
    {
        var where = new StringBuilder();
        var parameters = new DynamicParameters();
        if (query.Before is { } before)
        {
            // Written so the first term is a plain range on the (published_at, id) index.
            where.Append("\n  AND st.published_at <= @BeforePublished AND (st.published_at < @BeforePublished OR st.id < @BeforeId)");
            parameters.Add("BeforePublished", before.PublishedAt);
            parameters.Add("BeforeId", before.StoryId);
        }

        if (query.Since is { } since)
        {
            where.Append("\n  AND st.published_at >= @Since");
            parameters.Add("Since", since);
        }

        if (query.Until is { } until)
        {
            where.Append("\n  AND st.published_at < @Until");
            parameters.Add("Until", until);
        }

        if (SearchTerms.From(query.Words) is { } search)
        {
            if (search.MatchesNothing)
            {
                where.Append("\n  AND 0 = 1");
            }
            else
            {
                // The origin copy's text is searched: the search index gives item ids.
                where.Append("\n  AND ").Append(Seek(seek, 0)
                    ? $"i.id IN ({dialect.TextSearchItems("@Search")})"
                    : dialect.TextSearchProbe("i", "@Search"));
                parameters.Add("Search", dialect.TextSearchValue(search));
            }
        }

        for (int f = 0; f < query.Selections.Count; f++)
        {
            if (Selection(dialect, parameters, query.Selections[f], f, sourcesByTag) is { } selection)
            {
                where.Append("\n  AND ").Append(Seek(seek, 1 + f) ? selection.Seek : selection.Probe);
            }
        }

        string sql =
            $"""
            SELECT st.id AS story_id, st.first_seen_at AS story_first_seen_at, st.published_at AS story_published_at,
                   i.source_id, s.url AS source_url, s.title AS source_title, s.feed_image_url AS source_image_url, {ItemRow.Columns}
            FROM (SELECT st.id FROM stories st JOIN items i ON i.id = st.origin_item_id
                  WHERE 1 = 1{where.ToString().Replace("\n", "\n      ", StringComparison.Ordinal)}
                  ORDER BY st.published_at DESC, st.id DESC
                  {dialect.Limit("@Limit")}) AS page
            JOIN stories st ON st.id = page.id
            JOIN items i ON i.id = st.origin_item_id
            JOIN sources s ON s.id = i.source_id
            ORDER BY st.published_at DESC, st.id DESC
            """;
        parameters.Add("Limit", query.Limit + 1);
        return (sql, parameters);
    }

    /// <summary>For each filter of <paramref name="query"/> (as indexed in <see cref="Build"/>'s
    /// seek), a query counting its matches up to <see cref="SeekBelow"/>; null for a filter that
    /// is absent or matches nothing.</summary>
    public static List<(string Sql, DynamicParameters Parameters)?> Counts(StoryQuery query, ISqlDialect dialect, ILookup<string, long> sourcesByTag)
    {
        List<(string Sql, DynamicParameters Parameters)?> counts = [];
        if (SearchTerms.From(query.Words) is { MatchesNothing: false } search)
        {
            var parameters = new DynamicParameters();
            parameters.Add("Search", dialect.TextSearchValue(search));
            parameters.Add("Cap", SeekBelow);
            counts.Add((dialect.CountUpTo(dialect.TextSearchItems("@Search"), "@Cap"), parameters));
        }
        else
        {
            counts.Add(null);
        }

        for (int f = 0; f < query.Selections.Count; f++)
        {
            var parameters = new DynamicParameters();
            if (Selection(dialect, parameters, query.Selections[f], f, sourcesByTag) is { } selection)
            {
                parameters.Add("Cap", SeekBelow);
                counts.Add((dialect.CountUpTo(selection.Stories, "@Cap"), parameters));
            }
            else
            {
                counts.Add(null);
            }
        }

        return counts;
    }

    private static bool Seek(IReadOnlyList<bool>? seek, int filter) => seek is not null && filter < seek.Count && seek[filter];

    /// <summary>One selection as a seek (<c>st.id IN</c> the stories its indexes give), a probe
    /// (an EXISTS per story) and the bare story-id query the count uses; null when it selects nothing.</summary>
    private static SelectionSql? Selection(ISqlDialect dialect, DynamicParameters parameters, StorySelection selection, int index, ILookup<string, long> sourcesByTag)
    {
        if (selection.IsEmpty)
        {
            return null;
        }

        string[] tags = [.. selection.Tags.Select(SearchFold.Tag).Where(tag => tag.Length > 0).Distinct(StringComparer.Ordinal)];
        long[] sourceIds = [.. selection.SourceIds.Concat(tags.SelectMany(tag => sourcesByTag[tag])).Distinct()];
        string[] keys = [.. selection.SourceUrls.Select(SourceUrlKey.TryFrom).OfType<string>().Distinct()];
        List<string> seeks = [];
        List<string> probes = [];
        if (sourceIds.Length > 0)
        {
            seeks.Add($"SELECT c.story_id FROM items c WHERE {dialect.InList("c.source_id", $"@Ids{index}")} AND c.blocked_by IS NULL");
            probes.Add(dialect.InList("c.source_id", $"@Ids{index}"));
            parameters.Add($"Ids{index}", dialect.ListValue(sourceIds));
        }

        if (keys.Length > 0)
        {
            seeks.Add($"SELECT c.story_id FROM sources cs JOIN items c ON c.source_id = cs.id WHERE {dialect.InList("cs.url_key", $"@Keys{index}")} AND c.blocked_by IS NULL");
            probes.Add($"c.source_id IN (SELECT cs.id FROM sources cs WHERE {dialect.InList("cs.url_key", $"@Keys{index}")})");
            parameters.Add($"Keys{index}", dialect.ListValue(keys));
        }

        if (tags.Length > 0)
        {
            seeks.Add($"SELECT c.story_id FROM item_tags t JOIN items c ON c.id = t.item_id WHERE {dialect.InList("t.tag", $"@Tags{index}")} AND c.blocked_by IS NULL");
            probes.Add($"EXISTS (SELECT 1 FROM item_tags t WHERE t.item_id = c.id AND {dialect.InList("t.tag", $"@Tags{index}")})");
            parameters.Add($"Tags{index}", dialect.ListValue(tags));
        }

        if (seeks.Count == 0)
        {
            // Only unusable URLs or tags were named: nothing can match, rather than everything.
            return new SelectionSql("0 = 1", "0 = 1", "SELECT 0 AS story_id WHERE 0 = 1");
        }

        // UNION ALL: IN and a capped count need no duplicates removed, and removing them would read every match first.
        string stories = string.Join(" UNION ALL ", seeks);
        return new SelectionSql(
            $"st.id IN ({stories})",
            $"EXISTS (SELECT 1 FROM items c WHERE c.story_id = st.id AND c.blocked_by IS NULL AND ({string.Join(" OR ", probes)}))",
            stories);
    }

    private sealed record SelectionSql(string Seek, string Probe, string Stories);
}
