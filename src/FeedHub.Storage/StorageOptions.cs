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

    /// <summary>SQLite only: the writes of parallel polls go through one writer that commits what
    /// is queued in one transaction (each poll under its own savepoint). Off, every poll takes the
    /// write lock itself, as before; kept as the baseline of the write benchmark.</summary>
    public bool BatchWrites { get; set; } = true;

    /// <summary>SQLite only: the writer takes no further queued write into a batch once the batch
    /// has run this long. Other writers wait for the lock through busy_timeout (10 s), so it stays
    /// well below that.</summary>
    public TimeSpan WriteBatchWindow { get; set; } = TimeSpan.FromMilliseconds(250);
}
