using FeedHub.Storage.Database;

namespace FeedHub.Storage.Sqlite;

internal static class SqliteBackend
{
    public static StorageDatabase Create(StorageOptions options) =>
        new(new SqliteConnectionFactory(options), new SqliteDialect());
}
