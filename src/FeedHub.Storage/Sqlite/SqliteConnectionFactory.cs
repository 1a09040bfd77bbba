using System.Data.Common;
using Dapper;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;
using Microsoft.Data.Sqlite;

namespace FeedHub.Storage.Sqlite;

/// <summary>Opens a new pooled connection per operation (SQLite connections are not
/// thread-safe) with the pragmas every FeedHub connection relies on.</summary>
internal sealed class SqliteConnectionFactory : IConnectionFactory
{
    // busy_timeout comes first: turning a fresh file to WAL needs a brief exclusive lock, and a
    // second process opening the file at the same moment should wait for it, not fail.
    private const string OpenPragmas =
        "PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";

    private readonly string _probeConnectionString;

    public SqliteConnectionFactory(StorageOptions options)
    {
        DapperSetup.EnsureConfigured();
        CommandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds));
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = true,
            DefaultTimeout = CommandTimeoutSeconds,
        };
        if (IsFilePath(builder))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }

        ConnectionString = builder.ToString();

        // A pooled connection keeps working on a file whose folder was removed or replaced, and
        // ReadWriteCreate would make a new empty file: the probe does neither.
        builder.Pooling = false;
        if (builder.Mode == SqliteOpenMode.ReadWriteCreate && IsFilePath(builder))
        {
            builder.Mode = SqliteOpenMode.ReadWrite;
        }

        _probeConnectionString = builder.ToString();
    }

    public string ConnectionString { get; }

    public int CommandTimeoutSeconds { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await OpenAsync(ConnectionString, cancellationToken);

    public async Task<DbConnection> OpenProbeAsync(CancellationToken cancellationToken) =>
        await OpenAsync(_probeConnectionString, cancellationToken);

    private async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(OpenPragmas, commandTimeout: CommandTimeoutSeconds, cancellationToken: cancellationToken));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static bool IsFilePath(SqliteConnectionStringBuilder builder) =>
        builder.Mode != SqliteOpenMode.Memory
        && !string.IsNullOrEmpty(builder.DataSource)
        && builder.DataSource != ":memory:"
        && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
