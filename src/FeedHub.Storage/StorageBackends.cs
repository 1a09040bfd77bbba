using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Storage.Administration;
using FeedHub.Storage.Database;
using FeedHub.Storage.Items;
using FeedHub.Storage.Postgres;
using FeedHub.Storage.Sources;
using FeedHub.Storage.SqlServer;
using FeedHub.Storage.Sqlite;
using FeedHub.Storage.Stories;

namespace FeedHub.Storage;

/// <summary>The configured database and the stores over it.</summary>
internal sealed record StorageBackend(
    StorageDatabase Database,
    ISourceStore Sources,
    IItemStore Items,
    IStoryReader Stories,
    ISourceStatusReader Statuses,
    IStoryAdminStore StoryAdmin,
    IStoryIndexBackfill StoryBackfill,
    ISettingsStore Settings) : IAsyncDisposable
{
    // A server engine's connection pool belongs to the container that built it.
    public ValueTask DisposeAsync() =>
        Database.Connections is IAsyncDisposable pool ? pool.DisposeAsync() : ValueTask.CompletedTask;
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

    public static StorageBackend Create(StorageOptions options, StoryOptions storyOptions, TimeProvider timeProvider) =>
        Create(Connect(options), storyOptions, timeProvider);

    /// <summary>The stores over <paramref name="database"/>, whatever its engine.</summary>
    public static StorageBackend Create(StorageDatabase database, StoryOptions storyOptions, TimeProvider timeProvider)
    {
        return new StorageBackend(
            database,
            new SourceStore(database, timeProvider),
            new ItemStore(database, new StoryAssigner(storyOptions), timeProvider),
            new StoryReader(database),
            new SourceStatusReader(database),
            new StoryAdminStore(database, timeProvider),
            new StoryIndexBackfill(database, storyOptions),
            new SettingsStore(database, timeProvider));
    }
}
