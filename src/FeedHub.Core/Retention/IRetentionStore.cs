namespace FeedHub.Core.Retention;

/// <summary>The storage side of retention. Every delete is one short transaction of at most
/// <c>batchSize</c> rows, so callers loop until a batch comes back empty and writers
/// (polls) get the lock between batches.</summary>
public interface IRetentionStore
{
    /// <summary>Deletes up to <paramref name="batchSize"/> items that <see cref="RetentionPolicy.IsItemPurgeable"/>
    /// accepts for <paramref name="cutoff"/>, their story keys, the stories left without items
    /// (with their overrides, and remembering their months), and re-chooses the origin of the
    /// stories that keep items.</summary>
    Task<PurgeBatch> PurgeItemsAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="batchSize"/> audit entries written before <paramref name="cutoff"/>.</summary>
    Task<long> PurgeAuditAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);

    /// <summary>What <see cref="PurgeItemsAsync"/> and <see cref="PurgeAuditAsync"/> would delete; writes nothing.</summary>
    Task<(long Items, long Stories, long AuditEntries)> CountPurgeableAsync(DateTimeOffset? itemCutoff, DateTimeOffset? auditCutoff, CancellationToken cancellationToken);

    /// <summary>Removes the source from polling and marks it for purging, in one transaction;
    /// false when there is no such (undeleted) source. A purge cut short is finished by the
    /// next scheduled purge.</summary>
    Task<bool> MarkSourceForPurgeAsync(long sourceId, CancellationToken cancellationToken);

    /// <summary>Sources marked for purging whose deletion is not finished.</summary>
    Task<IReadOnlyList<long>> SourcesMarkedForPurgeAsync(CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="batchSize"/> items of a marked source, as <see cref="PurgeItemsAsync"/> does.</summary>
    Task<PurgeBatch> PurgeSourceItemsAsync(long sourceId, int batchSize, CancellationToken cancellationToken);

    /// <summary>Deletes a marked source that has no items left (and its old URLs); false when it still has items.</summary>
    Task<bool> FinishSourcePurgeAsync(long sourceId, CancellationToken cancellationToken);

    /// <summary>Hands up to <paramref name="maxPages"/> free pages back to the file system; the bytes freed.
    /// Zero when nothing is free or the database cannot shrink in place.</summary>
    Task<long> ReclaimSpaceAsync(int maxPages, CancellationToken cancellationToken);

    /// <summary>Rewrites the whole database so that it can shrink in place from then on (SQLite:
    /// <c>auto_vacuum=INCREMENTAL</c> and a full <c>VACUUM</c>). Holds the write lock throughout; the bytes freed.</summary>
    Task<long> RebuildAsync(CancellationToken cancellationToken);

    Task<DatabaseSize> MeasureAsync(CancellationToken cancellationToken);

    /// <summary>Whether a purge deleted stories published in the UTC month starting at <paramref name="monthStart"/>.</summary>
    Task<bool> WasMonthPurgedAsync(DateTimeOffset monthStart, CancellationToken cancellationToken);

    /// <summary>Every stored item, removed sources' included.</summary>
    Task<long> CountItemsAsync(CancellationToken cancellationToken);

    Task RecordPurgeAsync(PurgeReport report, CancellationToken cancellationToken);

    /// <summary>The last purge that was not a dry run; null when none ran yet.</summary>
    Task<PurgeReport?> LastPurgeAsync(CancellationToken cancellationToken);
}
