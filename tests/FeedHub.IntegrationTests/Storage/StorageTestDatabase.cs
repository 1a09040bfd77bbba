using System.Data.Common;
using Dapper;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Storage;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>A real database of one provider, with the storage layer wired the way the host wires
/// it (configuration section, DI registration, migrations): a SQLite file in its own temporary
/// folder, or a uniquely named PostgreSQL database on the server of <see cref="TestPostgres"/>
/// (the test is skipped, with the reason, when none is configured), or one on the SQL Server of
/// <see cref="TestSqlServer"/> (likewise), dropped afterwards.</summary>
internal sealed class StorageTestDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 5, 7, 3, 0, 0, TimeSpan.Zero);

    private readonly List<ServiceProvider> _providers = [];

    private StorageTestDatabase(StorageProvider provider, string directory, string connectionString)
    {
        Provider = provider;
        Folder = directory;
        FilePath = Path.Combine(directory, "feedhub.db");
        ConnectionString = connectionString;
        Services = Connect();
    }

    public StorageProvider Provider { get; }

    /// <summary>The SQLite file's folder (SQLite only).</summary>
    public string Folder { get; }

    /// <summary>The SQLite file (SQLite only).</summary>
    public string FilePath { get; }

    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public IServiceProvider Services { get; }

    public ISourceStore Sources => Services.GetRequiredService<ISourceStore>();

    public IItemStore Items => Services.GetRequiredService<IItemStore>();

    public IStoryReader Stories => Services.GetRequiredService<IStoryReader>();

    public DatabaseMigrator Migrator => Services.GetRequiredService<DatabaseMigrator>();

    public static Task<StorageTestDatabase> CreateAsync(bool migrate = true) => CreateAsync(StorageProvider.Sqlite, migrate);

    public static async Task<StorageTestDatabase> CreateAsync(StorageProvider provider, bool migrate = true)
    {
        string directory = Path.Combine(Path.GetTempPath(), "feedhub-storage-" + Guid.NewGuid().ToString("N"));
        string connectionString = provider switch
        {
            StorageProvider.Sqlite => $"Data Source={Path.Combine(directory, "feedhub.db")}",
            StorageProvider.Postgres => await TestPostgres.CreateDatabaseAsync(),
            StorageProvider.SqlServer => await TestSqlServer.CreateDatabaseAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "No test database for this provider."),
        };
        var database = new StorageTestDatabase(provider, directory, connectionString);
        if (migrate)
        {
            await database.Migrator.MigrateAsync(TestContext.Current.CancellationToken);
        }

        return database;
    }

    /// <summary>A second, independent service provider on the same database, as a second process
    /// or a second store instance would be; <paramref name="settings"/> adds configuration
    /// (FeedHub:Stories:..., say).</summary>
    public IServiceProvider Connect(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["FeedHub:Storage:Provider"] = Provider.ToString(),
            ["FeedHub:Storage:ConnectionString"] = ConnectionString,
            ["FeedHub:Storage:CommandTimeout"] = "00:00:30",
        };
        foreach ((string key, string? value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(Clock);
        // As in the host: the storage's instruments come from this container's meter factory.
        services.AddMetrics();
        services.AddFeedHubStorage();
        services.AddFeedHubAdminStorage();
        services.AddFeedHubRetentionStorage();
        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    public async Task<FeedSource> AddSourceAsync(string url, bool isOrigin = false, string? title = null) =>
        await Sources.UpsertAsync(new SourceDefinition { Url = url, IsOrigin = isOrigin, Title = title }, TestContext.Current.CancellationToken);

    /// <summary>A plain SQLite connection for assertions, outside the pool so the file can be deleted.</summary>
    public SqliteConnection OpenRaw()
    {
        Assert.Equal(StorageProvider.Sqlite, Provider);
        var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>A plain connection of the database's own provider, for assertions.</summary>
    public DbConnection OpenConnection()
    {
        if (Provider == StorageProvider.Sqlite)
        {
            return OpenRaw();
        }

        DbConnection connection = Provider == StorageProvider.SqlServer
            ? new SqlConnection(new SqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString)
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    public long Scalar(string sql, object? parameters = null)
    {
        using DbConnection connection = OpenConnection();
        return connection.ExecuteScalar<long>(sql, parameters);
    }

    public void Execute(string sql, object? parameters = null)
    {
        using DbConnection connection = OpenConnection();
        connection.Execute(sql, parameters);
    }

    public List<T> Query<T>(string sql, object? parameters = null)
    {
        using DbConnection connection = OpenConnection();
        return connection.Query<T>(sql, parameters).AsList();
    }

    public async ValueTask DisposeAsync()
    {
        List<string?> pools = [.. _providers.Select(SqlitePools.PoolOf)];
        foreach (ServiceProvider provider in _providers)
        {
            await provider.DisposeAsync();
        }

        if (Provider == StorageProvider.Postgres)
        {
            await TestPostgres.DropDatabaseAsync(ConnectionString);
            return;
        }

        if (Provider == StorageProvider.SqlServer)
        {
            await TestSqlServer.DropDatabaseAsync(ConnectionString);
            return;
        }

        // Pooled connections keep the file open; release them before deleting the folder.
        pools.ForEach(SqlitePools.Clear);
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
