namespace FeedHub.Storage;

/// <summary>The database engines the storage layer is shaped for (<c>FeedHub:Storage:Provider</c>).</summary>
public enum StorageProvider
{
    Sqlite,
    SqlServer,
    Postgres,
}
