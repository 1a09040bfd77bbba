using FeedHub.Storage.Database;

namespace FeedHub.Storage.Postgres;

internal static class PostgresBackend
{
    public static StorageDatabase Create(StorageOptions options) =>
        new(new PostgresConnectionFactory(options), new PostgresDialect());
}
