using System.Data.Common;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;
using Npgsql;

namespace FeedHub.Storage.Postgres;

/// <summary>Opens pooled connections from one <see cref="NpgsqlDataSource"/>; the probe opens an
/// unpooled one, so readiness reflects the server now.</summary>
internal sealed class PostgresConnectionFactory : IConnectionFactory, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _probeConnectionString;

    public PostgresConnectionFactory(StorageOptions options)
    {
        DapperSetup.EnsureConfigured();
        CommandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds));
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString) { CommandTimeout = CommandTimeoutSeconds };
        _dataSource = NpgsqlDataSource.Create(builder);
        builder.Pooling = false;
        _probeConnectionString = builder.ConnectionString;
    }

    public int CommandTimeoutSeconds { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public async Task<DbConnection> OpenProbeAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_probeConnectionString);
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

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
