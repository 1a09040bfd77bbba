namespace FeedHub.Storage.Copying;

internal static class CopyDialects
{
    public static ICopyDialect For(StorageProvider provider, int commandTimeout) => provider switch
    {
        StorageProvider.Sqlite => new SqliteCopyDialect(commandTimeout),
        StorageProvider.Postgres => new PostgresCopyDialect(commandTimeout),
        StorageProvider.SqlServer => new SqlServerCopyDialect(commandTimeout),
        _ => throw new InvalidOperationException($"Storage provider {provider} cannot be copied."),
    };
}
