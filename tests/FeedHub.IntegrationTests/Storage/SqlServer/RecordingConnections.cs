using System.Collections.Concurrent;
using System.Data.Common;
using FeedHub.Storage.Database;

namespace FeedHub.IntegrationTests.Storage.SqlServer;

/// <summary>Hands out <see cref="RecordingConnection"/>s that all write to one log.</summary>
internal sealed class RecordingConnections(ConcurrentQueue<string> log) : IConnectionFactory
{
    public int CommandTimeoutSeconds => 30;

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => Open();

    public Task<DbConnection> OpenProbeAsync(CancellationToken cancellationToken) => Open();

    private Task<DbConnection> Open()
    {
        // As SqlServerConnectionFactory does before any query: without it, Dapper's readers map
        // url_key and item_key to nothing, and what the stores send depends on which test ran first.
        FeedHub.Storage.Mapping.DapperSetup.EnsureConfigured();
        var connection = new RecordingConnection(log);
        connection.Open();
        return Task.FromResult<DbConnection>(connection);
    }
}
