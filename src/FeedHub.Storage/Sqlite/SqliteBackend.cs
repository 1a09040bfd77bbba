using FeedHub.Core.Stories;
using FeedHub.Storage.Search;

namespace FeedHub.Storage.Sqlite;

internal static class SqliteBackend
{
    public static StorageBackend Create(StorageOptions options, StoryOptions storyOptions, TimeProvider timeProvider)
    {
        var connections = new SqliteConnectionFactory(options);
        return new StorageBackend(
            connections,
            new SqliteMigrationDialect(),
            new SqliteSourceStore(connections, timeProvider),
            new SqliteItemStore(connections, new StoryAssigner(storyOptions), timeProvider),
            new SqliteStoryReader(connections),
            new SqliteSourceStatusReader(connections),
            new SqliteStoryAdminStore(connections, timeProvider),
            new SqliteStoryIndexBackfill(connections, storyOptions),
            new SearchIndexBackfill(connections),
            new SqliteSettingsStore(connections, timeProvider));
    }
}
