using System.Text;
using Dapper;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;

namespace FeedHub.Storage.Stories;

/// <summary>Builds the SQL of a filtered, keyset-paged story query. Every value is a parameter;
/// only the shape (which clauses) varies.</summary>
internal static class StoryQuerySql
{
    public static (string Sql, DynamicParameters Parameters) Build(StoryQuery query, ISqlDialect dialect)
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

        for (int w = 0; w < query.Words.Count; w++)
        {
            // LIKE is case-insensitive for ASCII in SQLite; the pattern's own % and _ are escaped.
            string name = $"Word{w}";
            sql.Append($"\n  AND (i.title LIKE @{name} ESCAPE '\\' OR i.summary LIKE @{name} ESCAPE '\\' OR i.content LIKE @{name} ESCAPE '\\')");
            parameters.Add(name, "%" + EscapeLike(query.Words[w]) + "%");
        }

        for (int f = 0; f < query.Selections.Count; f++)
        {
            AppendSelection(sql, parameters, dialect, query.Selections[f], f);
        }

        sql.Append("\nORDER BY st.published_at DESC, st.id DESC\n").Append(dialect.Limit("@Limit"));
        parameters.Add("Limit", query.Limit + 1);
        return (sql.ToString(), parameters);
    }

    private static void AppendSelection(StringBuilder sql, DynamicParameters parameters, ISqlDialect dialect, StorySelection selection, int index)
    {
        if (selection.IsEmpty)
        {
            return;
        }

        List<string> any = [];
        if (selection.SourceIds.Count > 0)
        {
            any.Add(dialect.InList("c.source_id", $"@Ids{index}"));
            parameters.Add($"Ids{index}", dialect.ListValue(selection.SourceIds.Distinct()));
        }

        string[] keys = [.. selection.SourceUrls.Select(SourceUrlKey.TryFrom).OfType<string>().Distinct()];
        if (keys.Length > 0)
        {
            any.Add(dialect.InList("cs.url_key", $"@Keys{index}"));
            parameters.Add($"Keys{index}", dialect.ListValue(keys));
        }

        if (selection.Tags.Count > 0)
        {
            any.Add($"EXISTS (SELECT 1 FROM {dialect.JsonArrayElements("cs.tags", "t")} WHERE {dialect.InList("lower(t.value)", $"@Tags{index}")})");
            any.Add($"EXISTS (SELECT 1 FROM {dialect.JsonArrayElements("c.categories", "t")} WHERE {dialect.InList("lower(t.value)", $"@Tags{index}")})");
            parameters.Add($"Tags{index}", dialect.ListValue(selection.Tags.Select(t => t.ToLowerInvariant()).Distinct()));
        }

        if (any.Count == 0)
        {
            // Only unusable URLs were named: nothing can match, rather than everything.
            sql.Append("\n  AND 0 = 1");
            return;
        }

        sql.Append("\n  AND EXISTS (SELECT 1 FROM items c JOIN sources cs ON cs.id = c.source_id WHERE c.story_id = st.id AND c.blocked_by IS NULL AND (")
            .AppendJoin(" OR ", any)
            .Append("))");
    }

    private static string EscapeLike(string word) =>
        word.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
