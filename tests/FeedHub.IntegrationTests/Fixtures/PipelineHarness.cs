using Dapper;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Refreshing;
using FeedHub.Worker.Hosting;
using FeedHub.Worker.Startup;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>The worker's real services (storage on a real SQLite file, the real fetcher, parser,
/// normalizer and refresher) without its scheduler, so a test decides when a source is polled.</summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly bool _ownsDirectory;
    private readonly IHost _host;

    private PipelineHarness(TempDirectory directory, bool ownsDirectory, IHost host)
    {
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public string DatabasePath => _directory.File("feedhub.db");

    public FeedRefresher Refresher => Services.GetRequiredService<FeedRefresher>();

    public ISourceStore Sources => Services.GetRequiredService<ISourceStore>();

    /// <param name="directory">Where the database lives; a fresh one, removed on dispose, when null.</param>
    /// <param name="configure">Last changes to the host before it is built (extra logging providers...).</param>
    public static async Task<PipelineHarness> StartAsync(IDictionary<string, string?>? settings = null, TempDirectory? directory = null, Action<HostApplicationBuilder>? configure = null)
    {
        bool owns = directory is null;
        directory ??= new TempDirectory();
        await File.WriteAllTextAsync(directory.File("appsettings.json"), "{}");
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = directory.Path,
            DisableDefaults = true,
        });
        var values = new Dictionary<string, string?>
        {
            ["FeedHub:Storage:Provider"] = "Sqlite",
            ["FeedHub:Storage:ConnectionString"] = $"Data Source={directory.File("feedhub.db")}",
            ["FeedHub:Fetch:AllowPrivateNetworks"] = "true",
            ["FeedHub:Fetch:Timeout"] = "00:00:05",
        };
        foreach (KeyValuePair<string, string?> setting in settings ?? new Dictionary<string, string?>())
        {
            values[setting.Key] = setting.Value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddFeedHubCommon();
        configure?.Invoke(builder);
        IHost host = builder.Build();
        await host.Services.GetRequiredService<DatabaseStartup>().InitializeAsync(CancellationToken.None);
        return new PipelineHarness(directory, owns, host);
    }

    public async Task<FeedSource> AddSourceAsync(Uri url, string? title = null) =>
        await Sources.UpsertAsync(new SourceDefinition { Url = url.AbsoluteUri, Title = title }, CancellationToken.None);

    public async Task<FeedSource> SourceAsync(long id) =>
        await Sources.GetAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"source {id} is gone");

    public Task<RefreshResult> RefreshAsync(long sourceId) => Refresher.RefreshAsync(sourceId, TestContext.Current.CancellationToken);

    /// <summary>Reads the database file directly, as an operator with sqlite3 would.</summary>
    public async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly");
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        string? pool = SqlitePools.PoolOf(_host.Services);
        _host.Dispose();
        SqlitePools.Clear(pool);
        if (_ownsDirectory)
        {
            _directory.Dispose();
        }

        await Task.CompletedTask;
    }
}
