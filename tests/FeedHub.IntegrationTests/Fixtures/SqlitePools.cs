using FeedHub.Storage;
using FeedHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>Closes the pooled connections of one database only. Microsoft.Data.Sqlite's pool is one
/// per process: <c>SqliteConnection.ClearAllPools</c> in one test's teardown closes the idle
/// connections of every test running beside it, and can dispose the native handle of a connection
/// another test is opening at that moment (the clear takes a connection marked active but not yet
/// owned for a leaked one), failing a random test with "Cannot access a disposed object".</summary>
internal static class SqlitePools
{
    /// <summary>The pooled connection string of the SQLite database <paramref name="services"/>
    /// store into; null on another engine. Read it before the services are disposed.</summary>
    public static string? PoolOf(IServiceProvider services) =>
        (services.GetService<StorageBackend>()?.Database.Connections as SqliteConnectionFactory)?.ConnectionString;

    public static void Clear(string? connectionString)
    {
        if (connectionString is null)
        {
            return;
        }

        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
