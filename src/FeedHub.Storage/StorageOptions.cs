namespace FeedHub.Storage;

/// <summary>The <c>FeedHub:Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "FeedHub:Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>For SQLite, a relative <c>Data Source</c> is resolved against the current
    /// directory and its folder is created when missing.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/feedhub.db";

    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
