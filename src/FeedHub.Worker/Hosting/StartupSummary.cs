using System.Data.Common;
using FeedHub.Core.Storage;
using FeedHub.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Hosting;

/// <summary>The one line an operator reads after the host's own start-up lines: where the merged
/// feed is served (the server's real addresses), which database, how many sources are polled.
/// Gathered once everything has started; written by <see cref="Write"/> from the host's
/// started notification (see <see cref="FeedHubApp"/>).</summary>
public sealed partial class StartupSummary(
    IServer server,
    ISourceStore sources,
    IOptions<StorageOptions> storage,
    ILogger<StartupSummary> logger) : IHostedLifecycleService
{
    private static readonly string[] SecretKeys = ["password", "pwd"];

    private string _feeds = "";
    private int? _enabledSources;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        ICollection<string> addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        _feeds = string.Join(", ", addresses.Select(address => address.TrimEnd('/') + "/feed.xml"));
        try
        {
            _enabledSources = (await sources.ListAsync(cancellationToken)).Count(source => source.Enabled);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            // A line that cannot count the sources is no reason to stop a worker that started.
            LogCountFailed(ex);
        }
    }

    public void Write()
    {
        string database = DescribeDatabase(storage.Value);
        if (_enabledSources is int enabled)
        {
            LogServing(_feeds, database, enabled);
        }
        else
        {
            LogServingUncounted(_feeds, database);
        }
    }

    /// <summary>The provider and, for SQLite, the full path of the file; for other providers the
    /// connection string without its passwords.</summary>
    public static string DescribeDatabase(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == StorageProvider.Sqlite)
        {
            var sqlite = new SqliteConnectionStringBuilder(options.ConnectionString);
            bool file = sqlite.Mode != SqliteOpenMode.Memory && sqlite.DataSource.Length > 0 && sqlite.DataSource != ":memory:";
            return $"{options.Provider} {(file ? Path.GetFullPath(sqlite.DataSource) : "in memory")}";
        }

        var builder = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
        foreach (string key in builder.Keys.Cast<string>().Where(k => SecretKeys.Any(s => k.Contains(s, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            builder.Remove(key);
        }

        return $"{options.Provider} {builder.ConnectionString}";
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "FeedHub serves the merged feeds at {FeedUrls}; database {Database}; {EnabledSources} sources enabled")]
    private partial void LogServing(string feedUrls, string database, int enabledSources);

    [LoggerMessage(Level = LogLevel.Information, Message = "FeedHub serves the merged feeds at {FeedUrls}; database {Database}")]
    private partial void LogServingUncounted(string feedUrls, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unable to count the enabled sources for the start-up summary")]
    private partial void LogCountFailed(Exception exception);
}
