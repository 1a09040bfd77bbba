namespace FeedHub.Storage.Sqlite;

internal static class SqliteBackend
{
    public static StorageBackend Create(StorageOptions options, TimeProvider timeProvider)
    {
        var connections = new SqliteConnectionFactory(options);
        return new StorageBackend(
            connections,
            new SqliteMigrationDialect(),
            new SqliteSourceStore(connections, timeProvider),
            new SqliteItemStore(connections, StoryAssigner.CreateDefault(), timeProvider),
            new SqliteStoryReader(connections),
            new SqliteSourceStatusReader(connections));
    }
}
