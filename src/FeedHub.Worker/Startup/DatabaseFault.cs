using FeedHub.Storage;
using FeedHub.Worker.Hosting;

namespace FeedHub.Worker.Startup;

/// <summary>A database that cannot be used, in one line an operator can act on: which database
/// (passwords removed) and the driver's error with its class, which tells a refused connection
/// (NpgsqlException, SocketException) from a refused login or permission (PostgresException,
/// SqlException) from a broken file (SqliteException).</summary>
internal static class DatabaseFault
{
    public static string Describe(StorageOptions options, Exception exception)
    {
        string cause = $"{exception.GetType().Name}: {OneLine(exception.Message)}";
        if (exception.InnerException is { } inner && !exception.Message.Contains(inner.Message, StringComparison.Ordinal))
        {
            cause += $" ({inner.GetType().Name}: {OneLine(inner.Message)})";
        }

        return $"{StartupSummary.DescribeDatabase(options)}: {cause}";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}

/// <summary>The database could not be opened, migrated or seeded at start; the message says which and why.</summary>
public sealed class DatabaseUnavailableException(string message, Exception innerException) : Exception(message, innerException);
