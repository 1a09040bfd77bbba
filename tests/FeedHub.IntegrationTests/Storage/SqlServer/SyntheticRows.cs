using FeedHub.Storage.Database;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace FeedHub.IntegrationTests.Storage.SqlServer;

/// <summary>Made-up column values of the CLR type SqlClient would return for them: the type of a
/// column is read from the SQL Server migrations (bigint is long, int is int, bit is bool,
/// datetimeoffset is DateTimeOffset), an unnamed expression is a count (int), and an alias falls
/// back to FeedHub's naming (times end in <c>_at</c>, counts in <c>_count</c>; the flag
/// <c>unindexed</c> is a CASE's int). Dapper's mapping of
/// these values onto the row classes is then exercised as it would be on a server.</summary>
internal static class SyntheticRows
{
    public static readonly DateTimeOffset Instant = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<Dictionary<string, string>> ColumnTypes = new(ReadColumnTypes);

    private static readonly HashSet<string> JsonLists = new(StringComparer.Ordinal) { "tags", "credits", "categories", "enclosures", "keep_rules", "block_rules" };

    public static object ValueFor(string column)
    {
        string type = ColumnTypes.Value.TryGetValue(column, out string? declared) ? declared : Guess(column);
        return type switch
        {
            "bigint" => 2L,
            "int" => 2,
            "bit" => true,
            "float" => 0.5,
            "datetimeoffset" => Instant,
            _ => Text(column),
        };
    }

    private static string Guess(string column) =>
        column.Length == 0 || column.EndsWith("_count", StringComparison.Ordinal) || column == "unindexed" ? "int"
        : column.EndsWith("_at", StringComparison.Ordinal) ? "datetimeoffset"
        : column.EndsWith("_id", StringComparison.Ordinal) ? "bigint"
        : "nvarchar";

    private static string Text(string column)
    {
        if (JsonLists.Contains(column))
        {
            return "[]";
        }

        if (column is "request_headers" or "poll_cadence")
        {
            return "{}";
        }

        if (column == "document_item_ids")
        {
            return "[3,4]";
        }

        if (column == "applied")
        {
            return """{"url":"https://mc.example.go.id/feed.xml"}""";
        }

        return column.Contains("url", StringComparison.Ordinal) || column.Contains("link", StringComparison.Ordinal)
            ? "https://mc.example.go.id/feed.xml"
            : "teks";
    }

    // The first declaration of a name wins: ids are bigint everywhere but feed_version's.
    private static Dictionary<string, string> ReadColumnTypes()
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (MigrationScript script in MigrationScripts.Load("SqlServer"))
        {
            TSqlFragment fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(script.Sql), out _);
            var reader = new ColumnReader(types);
            fragment.Accept(reader);
        }

        return types;
    }

    private sealed class ColumnReader(Dictionary<string, string> types) : TSqlFragmentVisitor
    {
        public override void ExplicitVisit(ColumnDefinition node)
        {
            if (node.DataType is SqlDataTypeReference type)
            {
                types.TryAdd(node.ColumnIdentifier.Value, type.SqlDataTypeOption.ToString().ToLowerInvariant());
            }
        }
    }
}
