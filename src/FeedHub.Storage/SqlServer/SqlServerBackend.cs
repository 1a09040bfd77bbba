using FeedHub.Storage.Database;

namespace FeedHub.Storage.SqlServer;

internal static class SqlServerBackend
{
    public static StorageDatabase Create(StorageOptions options) =>
        new(new SqlServerConnectionFactory(options), new SqlServerDialect(Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds))));
}
