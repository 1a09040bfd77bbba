using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace FeedHub.IntegrationTests.Storage.SqlServer;

/// <summary>Parses T-SQL as SQL Server 2022 would (compatibility level 160, QUOTED_IDENTIFIER on,
/// as Microsoft.Data.SqlClient connects). No SQL Server runs here, so this is the check every
/// SQL Server text goes through.</summary>
internal static class TSql
{
    public static TSqlScript Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        TSqlFragment fragment = parser.Parse(reader, out IList<ParseError> errors);
        if (errors.Count > 0)
        {
            string[] lines = sql.Split('\n');
            string described = string.Join(
                Environment.NewLine,
                errors.Select(error => $"line {error.Line}, column {error.Column}: {error.Message} near: {Line(lines, error.Line)}"));
            Assert.Fail($"T-SQL does not parse ({errors.Count} errors):{Environment.NewLine}{described}{Environment.NewLine}---{Environment.NewLine}{sql}");
        }

        return (TSqlScript)fragment;
    }

    private static string Line(string[] lines, int number) =>
        number >= 1 && number <= lines.Length ? lines[number - 1].Trim() : "";
}
