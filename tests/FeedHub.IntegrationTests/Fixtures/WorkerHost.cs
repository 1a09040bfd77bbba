using FeedHub.Storage;
using FeedHub.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>The real worker host (scheduler, HTTP endpoints, database) in this process, on a
/// loopback port, configured through its command line as an operator would. The database is a
/// SQLite file in the host's folder, or a PostgreSQL database of its own on the server of
/// <see cref="TestPostgres"/> (skipped, with the reason, without one), dropped on dispose.</summary>
public sealed class WorkerHost : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private readonly string? _postgresDatabase;

    private WorkerHost(TempDirectory directory, WebApplication app, Uri baseUri, string? postgresDatabase)
    {
        _directory = directory;
        _postgresDatabase = postgresDatabase;
        App = app;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri };
    }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    public string DatabasePath => _directory.File("feedhub.db");

    /// <param name="directory">Holds appsettings.json and the database; the host owns it and removes it on dispose.</param>
    /// <param name="provider">The storage provider the worker runs on.</param>
    /// <param name="services">Changes to the host's registrations, after its own (e.g. a store wrapped to count its calls).</param>
    public static async Task<WorkerHost> StartAsync(IDictionary<string, string> settings, TempDirectory? directory = null, StorageProvider provider = StorageProvider.Sqlite, Action<IServiceCollection>? services = null)
    {
        string? postgresDatabase = provider == StorageProvider.Postgres ? await TestPostgres.CreateDatabaseAsync() : null;
        directory ??= new TempDirectory();
        await File.WriteAllTextAsync(directory.File("appsettings.json"), "{}");
        var args = new List<string>
        {
            "--contentRoot", directory.Path,
            "--urls", "http://127.0.0.1:0",
            "--FeedHub:Storage:Provider", provider.ToString(),
            "--FeedHub:Storage:ConnectionString", postgresDatabase ?? $"Data Source={directory.File("feedhub.db")}",
            "--FeedHub:Fetch:AllowPrivateNetworks", "true",
            "--FeedHub:Scheduling:StartupWindow", "00:00:00.200",
            "--FeedHub:Scheduling:SyncInterval", "00:00:00.250",
        };
        foreach (KeyValuePair<string, string> setting in settings)
        {
            args.Add("--" + setting.Key);
            args.Add(setting.Value);
        }

        WebApplication app = FeedHubApp.Build([.. args], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WorkerHost(directory, app, new Uri(address.TrimEnd('/') + "/"), postgresDatabase);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the timeout passes.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting until {what}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        string? pool = SqlitePools.PoolOf(App.Services);
        await App.StopAsync();
        await App.DisposeAsync();
        SqlitePools.Clear(pool);
        if (_postgresDatabase is not null)
        {
            await TestPostgres.DropDatabaseAsync(_postgresDatabase);
        }

        _directory.Dispose();
    }
}
