using FeedHub.Core.Retention;
using Microsoft.Extensions.Options;

namespace FeedHub.Administration.Retention;

/// <summary>Runs a purge to the end: sources removed with <c>--purge</c> first, then items their
/// feeds stopped listing, then old audit entries, batch after batch, then hands the freed pages
/// back to the file system. Resumable by construction: a purge cut short leaves only whole
/// batches done, and the next one carries on.</summary>
public sealed partial class RetentionPurger(IRetentionStore store, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionPurger> logger)
{
    /// <summary>Between batches: SQLite's busy handler is not fair, and a poll waiting for the
    /// write lock must get it before the next batch takes it again. Real time on purpose: it
    /// makes room for other writers, whatever clock decides what is old.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    /// <summary>Free pages handed back per transaction (2 MiB of 4 KiB pages, about a tenth of a
    /// second of write lock on a shared 2-core machine).</summary>
    public const int VacuumPagesPerStep = 512;

    private readonly RetentionOptions _options = options.Value;

    public RetentionPolicy Policy { get; } = new(options.Value);

    /// <param name="dryRun">Count what would go; delete, reclaim and record nothing.</param>
    public async Task<PurgeReport> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        DateTimeOffset started = time.GetUtcNow();
        DateTimeOffset? itemCutoff = Policy.ItemCutoff(started);
        DateTimeOffset? auditCutoff = Policy.AuditCutoff(started);
        if (dryRun)
        {
            (long items, long stories, long audit) = await store.CountPurgeableAsync(itemCutoff, auditCutoff, cancellationToken);
            return new PurgeReport
            {
                StartedAt = started,
                FinishedAt = time.GetUtcNow(),
                Items = items,
                Stories = stories,
                AuditEntries = audit,
                Sources = (await store.SourcesMarkedForPurgeAsync(cancellationToken)).Count,
                DatabaseBytes = (await store.MeasureAsync(cancellationToken)).Bytes,
                DryRun = true,
            };
        }

        long sources = 0;
        PurgeBatch removed = default;
        foreach (long sourceId in await store.SourcesMarkedForPurgeAsync(cancellationToken))
        {
            PurgeBatch batch = await PurgeSourceItemsAsync(sourceId, cancellationToken);
            removed = new PurgeBatch(removed.Items + batch.Items, removed.Stories + batch.Stories);
            sources += await store.FinishSourcePurgeAsync(sourceId, cancellationToken) ? 1 : 0;
        }

        if (itemCutoff is DateTimeOffset cutoff)
        {
            PurgeBatch batch = await RepeatAsync(() => store.PurgeItemsAsync(cutoff, _options.BatchSize, cancellationToken), cancellationToken);
            removed = new PurgeBatch(removed.Items + batch.Items, removed.Stories + batch.Stories);
        }

        long auditEntries = 0;
        if (auditCutoff is DateTimeOffset auditBefore)
        {
            auditEntries = (await RepeatAsync(
                async () => new PurgeBatch(await store.PurgeAuditAsync(auditBefore, _options.BatchSize, cancellationToken), 0),
                cancellationToken)).Items;
        }

        long reclaimed = await ReclaimAsync(cancellationToken);
        DatabaseSize size = await store.MeasureAsync(cancellationToken);
        var report = new PurgeReport
        {
            StartedAt = started,
            FinishedAt = time.GetUtcNow(),
            Items = removed.Items,
            Stories = removed.Stories,
            AuditEntries = auditEntries,
            Sources = sources,
            BytesReclaimed = reclaimed,
            DatabaseBytes = size.Bytes,
        };
        await store.RecordPurgeAsync(report, cancellationToken);
        LogPurged(report.Items, report.Stories, report.AuditEntries, report.Sources, report.BytesReclaimed, report.DatabaseBytes);
        if (!size.ReclaimsIncrementally && size.FreeBytes > 0)
        {
            LogCannotShrink(size.FreeBytes);
        }

        return report;
    }

    /// <summary>Deletes every item of a source marked for purging, one batch per transaction, and
    /// then the source itself. Polls of other sources go on between batches.</summary>
    public async Task<PurgeBatch> PurgeSourceAsync(long sourceId, CancellationToken cancellationToken)
    {
        PurgeBatch removed = await PurgeSourceItemsAsync(sourceId, cancellationToken);
        await store.FinishSourcePurgeAsync(sourceId, cancellationToken);
        return removed;
    }

    private Task<PurgeBatch> PurgeSourceItemsAsync(long sourceId, CancellationToken cancellationToken) =>
        RepeatAsync(() => store.PurgeSourceItemsAsync(sourceId, _options.BatchSize, cancellationToken), cancellationToken);

    private async Task<PurgeBatch> RepeatAsync(Func<Task<PurgeBatch>> batch, CancellationToken cancellationToken)
    {
        long items = 0;
        long stories = 0;
        while (true)
        {
            PurgeBatch done = await batch();
            if (done.Items == 0)
            {
                return new PurgeBatch(items, stories);
            }

            items += done.Items;
            stories += done.Stories;
            await Task.Delay(Pause, TimeProvider.System, cancellationToken);
        }
    }

    private async Task<long> ReclaimAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        while (await store.ReclaimSpaceAsync(VacuumPagesPerStep, cancellationToken) is long freed and > 0)
        {
            total += freed;
            await Task.Delay(Pause, TimeProvider.System, cancellationToken);
        }

        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purge removed {Items} items, {Stories} stories, {AuditEntries} audit entries and {Sources} purged sources; reclaimed {BytesReclaimed} bytes; database now {DatabaseBytes} bytes")]
    private partial void LogPurged(long items, long stories, long auditEntries, long sources, long bytesReclaimed, long databaseBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database has {FreeBytes} free bytes it cannot hand back in place (created before incremental vacuum); run 'FeedHub.Worker purge --rebuild' once, with the worker stopped")]
    private partial void LogCannotShrink(long freeBytes);
}
