using Npgsql;

namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>The PostgreSQL server the tests may use, named by <c>FEEDHUB_TEST_POSTGRES</c> (a
/// connection string to a server where tests may create and drop their own databases). Without
/// it every PostgreSQL test is reported skipped with the reason, never passed silently.</summary>
public static class TestPostgres
{
    public const string Variable = "FEEDHUB_TEST_POSTGRES";

    private const string Prefix = "feedhub_test_";

    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Skips the calling test unless a server is configured.</summary>
    public static string RequireServer()
    {
        string? server = ServerConnectionString;
        Assert.SkipWhen(
            server is null,
            $"PostgreSQL tests need {Variable} set to a connection string of a server where tests may create and drop databases (.ci/run starts one).");
        return server!;
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        string server = RequireServer();
        string name = Prefix + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(Maintenance(server)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="CreateDatabaseAsync"/> made, closing its connections.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        string name = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Only databases this fixture created ({Prefix}...) are dropped, not {name}.", nameof(connectionString));
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Maintenance(ServerConnectionString!));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Maintenance(string server) =>
        new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
}
