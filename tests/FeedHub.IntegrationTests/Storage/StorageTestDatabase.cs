using Dapper;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>A real SQLite file in its own temporary folder, with the storage layer wired the
/// way the host wires it (configuration section, DI registration, migrations).</summary>
internal sealed class StorageTestDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 5, 7, 3, 0, 0, TimeSpan.Zero);

    private readonly List<ServiceProvider> _providers = [];

    private StorageTestDatabase(string directory)
    {
        Folder = directory;
        FilePath = Path.Combine(directory, "feedhub.db");
        Services = Connect();
    }

    public string Folder { get; }

    public string FilePath { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public IServiceProvider Services { get; }

    public ISourceStore Sources => Services.GetRequiredService<ISourceStore>();

    public IItemStore Items => Services.GetRequiredService<IItemStore>();

    public IStoryReader Stories => Services.GetRequiredService<IStoryReader>();

    public DatabaseMigrator Migrator => Services.GetRequiredService<DatabaseMigrator>();

    public static async Task<StorageTestDatabase> CreateAsync(bool migrate = true)
    {
        string directory = Path.Combine(Path.GetTempPath(), "feedhub-storage-" + Guid.NewGuid().ToString("N"));
        var database = new StorageTestDatabase(directory);
        if (migrate)
        {
            await database.Migrator.MigrateAsync(TestContext.Current.CancellationToken);
        }

        return database;
    }

    /// <summary>A second, independent service provider on the same file, as a second process
    /// or a second store instance would be.</summary>
    public IServiceProvider Connect()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FeedHub:Storage:Provider"] = "Sqlite",
                ["FeedHub:Storage:ConnectionString"] = $"Data Source={FilePath}",
                ["FeedHub:Storage:CommandTimeout"] = "00:00:30",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddFeedHubStorage();
        services.AddFeedHubRetentionStorage();
        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    public async Task<FeedSource> AddSourceAsync(string url, bool isOrigin = false, string? title = null) =>
        await Sources.UpsertAsync(new SourceDefinition { Url = url, IsOrigin = isOrigin, Title = title }, TestContext.Current.CancellationToken);

    /// <summary>A plain connection for assertions, outside the pool so the file can be deleted.</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        connection.Open();
        return connection;
    }

    public long Scalar(string sql, object? parameters = null)
    {
        using SqliteConnection connection = OpenRaw();
        return connection.ExecuteScalar<long>(sql, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ServiceProvider provider in _providers)
        {
            await provider.DisposeAsync();
        }

        // Pooled connections keep the file open; release them before deleting the folder.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
