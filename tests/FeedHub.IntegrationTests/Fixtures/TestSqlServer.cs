using Microsoft.Data.SqlClient;

namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>The SQL Server the tests may use, named by <c>FEEDHUB_TEST_SQLSERVER</c> (a connection
/// string to a server where tests may create and drop their own databases). None runs on the
/// development machines or in CI, so without it every SQL Server contract test is reported skipped
/// with the reason; the T-SQL is still parsed in the always-on suite (Storage/SqlServer).</summary>
public static class TestSqlServer
{
    public const string Variable = "FEEDHUB_TEST_SQLSERVER";

    private const string Prefix = "feedhub_test_";

    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Skips the calling test unless a server is configured.</summary>
    public static string RequireServer()
    {
        string? server = ServerConnectionString;
        Assert.SkipWhen(
            server is null,
            $"SQL Server tests need {Variable} set to a connection string of a server where tests may create and drop databases; none runs here (the T-SQL is parsed by the SqlServer*Tests instead).");
        return server!;
    }

    /// <summary>Creates an empty database with a unique name, with snapshot reads allowed as
    /// docs/architecture.md asks of a FeedHub database, and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        string server = RequireServer();
        string name = Prefix + Guid.NewGuid().ToString("N");
        await using (var connection = new SqlConnection(Maintenance(server)))
        {
            await connection.OpenAsync();
            foreach (string sql in new[]
            {
                $"CREATE DATABASE [{name}]",
                $"ALTER DATABASE [{name}] SET ALLOW_SNAPSHOT_ISOLATION ON",
                $"ALTER DATABASE [{name}] SET READ_COMMITTED_SNAPSHOT ON",
            })
            {
                await using var command = new SqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        return new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="CreateDatabaseAsync"/> made, closing its connections.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        string name = new SqlConnectionStringBuilder(connectionString).InitialCatalog;
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Only databases this fixture created ({Prefix}...) are dropped, not {name}.", nameof(connectionString));
        }

        SqlConnection.ClearAllPools();
        await using var connection = new SqlConnection(Maintenance(ServerConnectionString!));
        await connection.OpenAsync();
        await using var command = new SqlCommand(
            $"IF DB_ID(N'{name}') IS NOT NULL BEGIN ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]; END",
            connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Maintenance(string server) =>
        new SqlConnectionStringBuilder(server) { InitialCatalog = "master", Pooling = false }.ConnectionString;
}
