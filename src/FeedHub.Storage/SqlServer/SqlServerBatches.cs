using System.Text.RegularExpressions;

namespace FeedHub.Storage.SqlServer;

/// <summary>Splits a T-SQL script into the batches sqlcmd and SSMS would send: a line holding only
/// <c>GO</c> ends a batch. The server itself does not know GO; statements such as CREATE TRIGGER
/// must start their own batch, so a migration is sent batch by batch.</summary>
internal static partial class SqlServerBatches
{
    public static IReadOnlyList<string> Split(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        List<string> batches = [];
        foreach (string batch in Separator().Split(script))
        {
            // A batch of only comments and blank lines (the text after the last GO) sends nothing.
            if (HasStatement(batch))
            {
                batches.Add(batch.Trim('\r', '\n'));
            }
        }

        return batches;
    }

    private static bool HasStatement(string batch) =>
        batch.Split('\n').Any(line => line.Trim() is { Length: > 0 } text && !text.StartsWith("--", StringComparison.Ordinal));

    // sqlcmd's rule without its repeat count: GO alone on its line, any case, surrounding blanks.
    [GeneratedRegex(@"^[ \t]*GO[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Separator();
}
