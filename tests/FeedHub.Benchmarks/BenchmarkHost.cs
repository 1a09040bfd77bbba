using FeedHub.Worker.Hosting;
using FeedHub.Worker.Startup;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedHub.Benchmarks;

/// <summary>The worker's real services over a fresh SQLite file in a temp folder.</summary>
internal sealed class BenchmarkHost : IDisposable
{
    private readonly IHost _host;
    private readonly string _directory;

    private BenchmarkHost(IHost host, string directory)
    {
        _host = host;
        _directory = directory;
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>The host's SQLite file.</summary>
    public string DatabaseFile => Path.Combine(_directory, "feedhub.db");

    /// <summary>Copies the database, page for page (SQLite's backup), to <paramref name="file"/>: for
    /// LoadFarm's <c>floor</c>, which replays what was written between two copies.</summary>
    public void Backup(string file)
    {
        File.Delete(file);
        using var source = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False");
        using var target = new SqliteConnection($"Data Source={file};Pooling=False");
        source.Open();
        target.Open();
        source.BackupDatabase(target);
    }

    /// <param name="configure">Last changes to the services (a store decorated for a comparison).</param>
    public static BenchmarkHost Start(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        string directory = Path.Combine(Path.GetTempPath(), "feedhub-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "appsettings.json"), "{}");
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = directory, DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["FeedHub:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "feedhub.db")}",
            ["FeedHub:Fetch:AllowPrivateNetworks"] = "true",
        };
        foreach (KeyValuePair<string, string?> setting in settings ?? new Dictionary<string, string?>())
        {
            values[setting.Key] = setting.Value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders();
        builder.AddFeedHubCommon();
        configure?.Invoke(builder.Services);
        IHost host = builder.Build();
        host.Services.GetRequiredService<DatabaseStartup>().InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        return new BenchmarkHost(host, directory);
    }

    public void Dispose()
    {
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
