using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FeedHub.Storage;

/// <summary>Reads a connection string the way its engine's driver will, so a misspelt keyword
/// is reported at start as a configuration error rather than deep inside the first query.</summary>
internal static class ConnectionStringCheck
{
    /// <summary>The driver's complaint, or null when it accepts the string.</summary>
    public static string? Problem(StorageProvider provider, string connectionString)
    {
        try
        {
            DbConnectionStringBuilder builder = provider switch
            {
                StorageProvider.Sqlite => new SqliteConnectionStringBuilder(connectionString),
                StorageProvider.SqlServer => new SqlConnectionStringBuilder(connectionString),
                StorageProvider.Postgres => new NpgsqlConnectionStringBuilder(connectionString),
                _ => new DbConnectionStringBuilder { ConnectionString = connectionString },
            };
            return builder.Count == 0 ? "it names nothing" : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            return ex.Message;
        }
    }
}
