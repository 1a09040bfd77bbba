namespace FeedHub.Core.Retention;

/// <summary>What one purge removed. <see cref="DryRun"/> reports count what would go and
/// reclaim nothing.</summary>
public sealed record PurgeReport
{
    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public long Items { get; init; }

    public long Stories { get; init; }

    public long AuditEntries { get; init; }

    /// <summary>Sources removed with <c>--purge</c> whose deletion this purge completed.</summary>
    public long Sources { get; init; }

    public long BytesReclaimed { get; init; }

    /// <summary>The database's size after the purge.</summary>
    public long DatabaseBytes { get; init; }

    public bool DryRun { get; init; }
}

/// <summary>What one batch (one transaction) deleted.</summary>
public readonly record struct PurgeBatch(long Items, long Stories);

/// <summary>The database's size as the engine counts it: all pages, and the free ones a vacuum
/// could hand back to the file system.</summary>
public readonly record struct DatabaseSize(long Bytes, long FreeBytes, bool ReclaimsIncrementally);
