using System.Data.Common;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;
using Microsoft.Data.SqlClient;

namespace FeedHub.Storage.SqlServer;

/// <summary>Opens pooled Microsoft.Data.SqlClient connections; the pool, not FeedHub, keeps them.</summary>
internal sealed class SqlServerConnectionFactory : IConnectionFactory
{
    private readonly string _connectionString;
    private readonly string _probeConnectionString;

    public SqlServerConnectionFactory(StorageOptions options)
    {
        DapperSetup.EnsureConfigured();
        CommandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds));
        var builder = new SqlConnectionStringBuilder(options.ConnectionString)
        {
            CommandTimeout = CommandTimeoutSeconds,
        };
        if (string.IsNullOrEmpty(builder.ApplicationName) || builder.ApplicationName == new SqlConnectionStringBuilder().ApplicationName)
        {
            // Names FeedHub's sessions in sys.dm_exec_sessions and in the server's own logs.
            builder.ApplicationName = "FeedHub";
        }

        _connectionString = builder.ConnectionString;
        builder.Pooling = false;
        _probeConnectionString = builder.ConnectionString;
    }

    public int CommandTimeoutSeconds { get; }

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(_connectionString, cancellationToken);

    public Task<DbConnection> OpenProbeAsync(CancellationToken cancellationToken) => OpenAsync(_probeConnectionString, cancellationToken);

    private static async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
