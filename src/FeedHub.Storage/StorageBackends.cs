using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Storage.Sqlite;

namespace FeedHub.Storage;

/// <summary>Everything one database engine provides: connections, migration SQL and the stores.</summary>
internal sealed record StorageBackend(
    IConnectionFactory Connections,
    IMigrationDialect Migrations,
    ISourceStore Sources,
    IItemStore Items,
    IStoryReader Stories,
    ISourceStatusReader Statuses,
    IStoryAdminStore StoryAdmin,
    IStoryIndexBackfill StoryBackfill,
    ISearchIndexBackfill SearchBackfill,
    ISettingsStore Settings);

/// <summary>The one place that maps a configured provider to its implementation.</summary>
internal static class StorageBackends
{
    public static bool IsAvailable(StorageProvider provider) => provider == StorageProvider.Sqlite;

    public static string NotAvailableMessage(StorageProvider provider) =>
        $"Storage provider {provider} is not available in this build; set {StorageOptions.SectionName}:Provider to {StorageProvider.Sqlite}.";

    public static StorageBackend Create(StorageOptions options, StoryOptions storyOptions, TimeProvider timeProvider) => options.Provider switch
    {
        StorageProvider.Sqlite => SqliteBackend.Create(options, storyOptions, timeProvider),
        _ => throw new InvalidOperationException(NotAvailableMessage(options.Provider)),
    };
}
