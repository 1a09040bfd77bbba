namespace FeedHub.Storage;

/// <summary>The database engines the storage layer is shaped for.</summary>
public enum StorageProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}
