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
/// only the shape (which clauses) varies.</summary>
internal static class StoryQuerySql
{
    /// <param name="sourcesByTag">Source ids by folded tag (<see cref="SearchFold.Tag"/>): source
    /// tags are few, so they are matched in code and the query seeks by source.</param>
    public static (string Sql, DynamicParameters Parameters) Build(StoryQuery query, ISqlDialect dialect, ILookup<string, long> sourcesByTag)
    {
        var sql = new StringBuilder(
            $"""
            SELECT st.id AS story_id, st.first_seen_at AS story_first_seen_at, st.published_at AS story_published_at,
                   i.source_id, s.url AS source_url, s.title AS source_title, s.feed_image_url AS source_image_url, {ItemRow.Columns}
            FROM stories st
            JOIN items i ON i.id = st.origin_item_id
            JOIN sources s ON s.id = i.source_id
            WHERE 1 = 1
            """);
        var parameters = new DynamicParameters();
        if (query.Before is { } before)
        {
            // Written so the first term is a plain range on the (published_at, id) index.
            sql.Append("\n  AND st.published_at <= @BeforePublished AND (st.published_at < @BeforePublished OR st.id < @BeforeId)");
            parameters.Add("BeforePublished", before.PublishedAt);
            parameters.Add("BeforeId", before.StoryId);
        }

        if (query.Since is { } since)
        {
            sql.Append("\n  AND st.published_at >= @Since");
            parameters.Add("Since", since);
        }

        if (query.Until is { } until)
        {
            sql.Append("\n  AND st.published_at < @Until");
            parameters.Add("Until", until);
        }

        if (SearchTerms.From(query.Words) is { } search)
        {
            // The search index gives the matching items; stories are then read by their origin.
            if (search.MatchesNothing)
            {
                sql.Append("\n  AND 0 = 1");
            }
            else
            {
                sql.Append("\n  AND ").Append(dialect.TextSearch("i", "@Search"));
                parameters.Add("Search", dialect.TextSearchValue(search));
            }
        }

        for (int f = 0; f < query.Selections.Count; f++)
        {
            AppendSelection(sql, parameters, dialect, query.Selections[f], f, sourcesByTag);
        }

        sql.Append("\nORDER BY st.published_at DESC, st.id DESC\n").Append(dialect.Limit("@Limit"));
        parameters.Add("Limit", query.Limit + 1);
        return (sql.ToString(), parameters);
    }

    private static void AppendSelection(StringBuilder sql, DynamicParameters parameters, ISqlDialect dialect, StorySelection selection, int index, ILookup<string, long> sourcesByTag)
    {
        if (selection.IsEmpty)
        {
            return;
        }

        string[] tags = [.. selection.Tags.Select(SearchFold.Tag).Where(tag => tag.Length > 0).Distinct(StringComparer.Ordinal)];
        long[] sourceIds = [.. selection.SourceIds.Concat(tags.SelectMany(tag => sourcesByTag[tag])).Distinct()];
        List<string> any = [];
        if (sourceIds.Length > 0)
        {
            any.Add($"SELECT c.story_id FROM items c WHERE {dialect.InList("c.source_id", $"@Ids{index}")}");
            parameters.Add($"Ids{index}", dialect.ListValue(sourceIds));
        }

        string[] keys = [.. selection.SourceUrls.Select(SourceUrlKey.TryFrom).OfType<string>().Distinct()];
        if (keys.Length > 0)
        {
            any.Add($"SELECT c.story_id FROM sources cs JOIN items c ON c.source_id = cs.id WHERE {dialect.InList("cs.url_key", $"@Keys{index}")}");
            parameters.Add($"Keys{index}", dialect.ListValue(keys));
        }

        if (tags.Length > 0)
        {
            any.Add($"SELECT c.story_id FROM item_tags t JOIN items c ON c.id = t.item_id WHERE {dialect.InList("t.tag", $"@Tags{index}")}");
            parameters.Add($"Tags{index}", dialect.ListValue(tags));
        }

        if (any.Count == 0)
        {
            // Only unusable URLs or tags were named: nothing can match, rather than everything.
            sql.Append("\n  AND 0 = 1");
            return;
        }

        // The stories of the copies the indexes find (by source, by tag), not a walk over every story.
        sql.Append("\n  AND st.id IN (")
            .AppendJoin(" UNION ", any)
            .Append(')');
    }
}
