using System.Diagnostics.Metrics;
using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Storage.Administration;
using FeedHub.Storage.Database;
using FeedHub.Storage.Items;
using FeedHub.Storage.Postgres;
using FeedHub.Storage.Search;
using FeedHub.Storage.Sources;
using FeedHub.Storage.SqlServer;
using FeedHub.Storage.Sqlite;
using FeedHub.Storage.Stories;

namespace FeedHub.Storage;

/// <summary>The configured database and the stores over it.</summary>
internal sealed record StorageBackend(
    StorageDatabase Database,
    IWriteRunner Writes,
    ISourceStore Sources,
    IItemStore Items,
    IStoryReader Stories,
    ISourceStatusReader Statuses,
    IStoryAdminStore StoryAdmin,
    IStoryIndexBackfill StoryBackfill,
    ISearchIndexBackfill SearchBackfill,
    ISettingsStore Settings,
    ISourceClaims Claims) : IAsyncDisposable
{
    // Queued writes are committed before the connections go; a server engine's connection pool
    // belongs to the container that built it.
    public async ValueTask DisposeAsync()
    {
        await Writes.DisposeAsync();
        if (Database.Connections is IAsyncDisposable pool)
        {
            await pool.DisposeAsync();
        }
    }
}

/// <summary>The one place that maps a configured provider to its connections and dialect; the
/// stores are the same for every provider.</summary>
internal static class StorageBackends
{
    public static bool IsAvailable(StorageProvider provider) => provider is StorageProvider.Sqlite or StorageProvider.SqlServer or StorageProvider.Postgres;

    public static string NotAvailableMessage(StorageProvider provider) =>
        $"Storage provider {provider} is not available in this build; set {StorageOptions.SectionName}:Provider to {StorageProvider.Sqlite}, {StorageProvider.SqlServer} or {StorageProvider.Postgres}.";

    public static StorageDatabase Connect(StorageOptions options) => options.Provider switch
    {
        StorageProvider.Sqlite => SqliteBackend.Create(options),
        StorageProvider.SqlServer => SqlServerBackend.Create(options),
        StorageProvider.Postgres => PostgresBackend.Create(options),
        _ => throw new InvalidOperationException(NotAvailableMessage(options.Provider)),
    };

    public static StorageBackend Create(StorageOptions options, StoryOptions storyOptions, TimeProvider timeProvider, IMeterFactory? meters = null) =>
        Create(Connect(options), storyOptions, timeProvider, meters, options.BatchWrites ? options.WriteBatchWindow : null);

    /// <summary>The stores over <paramref name="database"/>, whatever its engine.</summary>
    /// <param name="writeBatchWindow">On SQLite, the window of the batching writer; null: a transaction per poll write.</param>
    public static StorageBackend Create(StorageDatabase database, StoryOptions storyOptions, TimeProvider timeProvider, IMeterFactory? meters = null, TimeSpan? writeBatchWindow = null)
    {
        IWriteRunner writes = Writes(database, new WriteMetrics(meters), writeBatchWindow, timeProvider);
        return new StorageBackend(
            database,
            writes,
            new SourceStore(database, writes, timeProvider),
            new ItemStore(database, writes, new StoryAssigner(storyOptions), timeProvider),
            new StoryReader(database),
            new SourceStatusReader(database),
            new StoryAdminStore(database, timeProvider),
            new StoryIndexBackfill(database, storyOptions),
            new SearchIndexBackfill(database),
            new SettingsStore(database, timeProvider),
            new SourceClaims(database));
    }

    /// <summary>SQLite has one write lock, so its poll writes queue for one batching writer; a
    /// server engine commits them side by side.</summary>
    private static IWriteRunner Writes(StorageDatabase database, WriteMetrics metrics, TimeSpan? writeBatchWindow, TimeProvider timeProvider) =>
        database.Dialect.Provider == StorageProvider.Sqlite && writeBatchWindow is TimeSpan window
            ? new SqliteBatchWriter(database, metrics, window, timeProvider)
            : new TransactionPerWrite(database, metrics);
}
