using FeedHub.Core.Retention;
using FeedHub.Storage.Database;
using FeedHub.Storage.Stories;

namespace FeedHub.Storage.Retention;

/// <summary>Retention on every engine: batched deletes, each its own write session of at most the
/// batch size, written once against the dialect; the engine's own way of giving space back comes
/// from <see cref="IDatabaseSpace"/>.</summary>
internal sealed class RetentionStore(StorageDatabase database, IDatabaseSpace space, TimeProvider timeProvider) : IRetentionStore
{
    // The same instant in both columns: a source revived by adding its URL again and later
    // removed without --purge has a newer deleted_at, and is not purged by a stale mark.
    private const string MarkedSources =
        "SELECT id FROM sources WHERE purge_requested_at IS NOT NULL AND purge_requested_at = deleted_at";

    public Task<PurgeBatch> PurgeItemsAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync(session => PurgeableItemsAsync(session, cutoff, batchSize), cancellationToken);

    public Task<PurgeBatch> PurgeSourceItemsAsync(long sourceId, int batchSize, CancellationToken cancellationToken) =>
        DeleteBatchAsync(
            async session =>
            {
                await session.Dialect.LockAsync(session, SessionLock.Source, sourceId);
                return await session.QueryAsync<(long, long)>(
                    $"SELECT id, story_id FROM items WHERE source_id = @SourceId AND source_id IN ({MarkedSources}) ORDER BY id {session.Dialect.Limit("@BatchSize")}",
                    new { SourceId = sourceId, BatchSize = batchSize });
            },
            cancellationToken);

    public async Task<long> PurgeAuditAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        int deleted = await session.ExecuteAsync(
            $"DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < @Cutoff ORDER BY at {session.Dialect.Limit("@BatchSize")})",
            new { Cutoff = cutoff, BatchSize = batchSize });
        await session.CommitAsync();
        return deleted;
    }

    public async Task<(long Items, long Stories, long AuditEntries)> CountPurgeableAsync(DateTimeOffset? itemCutoff, DateTimeOffset? auditCutoff, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, cancellationToken);
        var doomed = new Dictionary<long, long>();
        foreach ((long id, long storyId) in await session.QueryAsync<(long, long)>($"SELECT id, story_id FROM items WHERE source_id IN ({MarkedSources})"))
        {
            doomed[id] = storyId;
        }

        if (itemCutoff is DateTimeOffset cutoff)
        {
            foreach ((long sourceId, DateTimeOffset before) in await BoundsAsync(session, cutoff))
            {
                foreach ((long id, long storyId) in await session.QueryAsync<(long, long)>(
                    "SELECT id, story_id FROM items WHERE source_id = @SourceId AND last_seen_at < @Before", new { SourceId = sourceId, Before = before }))
                {
                    doomed[id] = storyId;
                }
            }
        }

        // A story goes when every item it has goes.
        Dictionary<long, int> goingPerStory = doomed.Values.GroupBy(story => story).ToDictionary(group => group.Key, group => group.Count());
        long emptied = 0;
        foreach (long[] chunk in goingPerStory.Keys.Chunk(5000))
        {
            List<(long StoryId, long Items)> counts = await session.QueryAsync<(long, long)>(
                $"SELECT story_id, count(*) FROM items WHERE {session.Dialect.InList("story_id", "@StoryIds")} GROUP BY story_id",
                new { StoryIds = session.Dialect.ListValue(chunk) });
            emptied += counts.Count(count => count.Items == goingPerStory[count.StoryId]);
        }

        long audit = auditCutoff is null
            ? 0
            : await session.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE at < @Cutoff", new { Cutoff = auditCutoff });
        return (doomed.Count, emptied, audit);
    }

    public async Task<bool> MarkSourceForPurgeAsync(long sourceId, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        await session.Dialect.LockAsync(session, SessionLock.Source, sourceId);
        int changed = await session.ExecuteAsync(
            """
            UPDATE sources
            SET deleted_at = @Now, purge_requested_at = @Now, enabled = 0, etag = NULL, last_modified = NULL, updated_at = @Now,
                document_hash = NULL, document_item_ids = NULL
            WHERE id = @Id AND deleted_at IS NULL
            """,
            new { Id = sourceId, Now = timeProvider.GetUtcNow() });
        await session.CommitAsync();
        return changed > 0;
    }

    public async Task<IReadOnlyList<long>> SourcesMarkedForPurgeAsync(CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, cancellationToken);
        return await session.QueryAsync<long>(MarkedSources + " ORDER BY id");
    }

    public async Task<bool> FinishSourcePurgeAsync(long sourceId, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        // Its URLs leave the catalog.
        await session.Dialect.LockAsync(session, SessionLock.SourceCatalog);
        await session.Dialect.LockAsync(session, SessionLock.Source, sourceId);
        var parameters = new { Id = sourceId };
        int deleted = await session.ExecuteAsync(
            $"DELETE FROM sources WHERE id = @Id AND id IN ({MarkedSources}) AND NOT EXISTS (SELECT 1 FROM items WHERE source_id = @Id)",
            parameters);
        if (deleted > 0)
        {
            await session.ExecuteAsync("DELETE FROM source_aliases WHERE source_id = @Id", parameters);
            await ChangeVersion.BumpAsync(session);
        }

        await session.CommitAsync();
        return deleted > 0;
    }

    public Task<long> ReclaimSpaceAsync(int maxPages, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        return space.ReclaimAsync(database, maxPages, cancellationToken);
    }

    public Task<long> RebuildAsync(CancellationToken cancellationToken) => space.RebuildAsync(database, cancellationToken);

    public Task<DatabaseSize> MeasureAsync(CancellationToken cancellationToken) => space.MeasureAsync(database, cancellationToken);

    public async Task<bool> WasMonthPurgedAsync(DateTimeOffset monthStart, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, cancellationToken);
        return await session.ExecuteScalarAsync<long>("SELECT count(*) FROM purged_months WHERE month_start = @MonthStart", new { MonthStart = monthStart }) > 0;
    }

    public async Task<long> CountItemsAsync(CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, cancellationToken);
        return await session.ExecuteScalarAsync<long>("SELECT count(*) FROM items");
    }

    public async Task RecordPurgeAsync(PurgeReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        await session.ExecuteAsync(
            """
            INSERT INTO purge_runs (started_at, finished_at, items, stories, audit_entries, sources, bytes_reclaimed, database_bytes)
            VALUES (@StartedAt, @FinishedAt, @Items, @Stories, @AuditEntries, @Sources, @BytesReclaimed, @DatabaseBytes)
            """,
            report);
        await session.CommitAsync();
    }

    public async Task<PurgeReport?> LastPurgeAsync(CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, cancellationToken);
        PurgeRow? row = await session.QuerySingleOrDefaultAsync<PurgeRow>(
            $"""
            SELECT started_at, finished_at, items, stories, audit_entries, sources, bytes_reclaimed, database_bytes
            FROM purge_runs ORDER BY id DESC {session.Dialect.Limit("1")}
            """);
        return row is null ? null : new PurgeReport
        {
            StartedAt = row.StartedAt,
            FinishedAt = row.FinishedAt,
            Items = row.Items,
            Stories = row.Stories,
            AuditEntries = row.AuditEntries,
            Sources = row.Sources,
            BytesReclaimed = row.BytesReclaimed,
            DatabaseBytes = row.DatabaseBytes,
        };
    }

    /// <summary>Source by source, so that each lookup is a range of the (source_id, last_seen_at)
    /// index: one query over all items let SQLite scan the whole table for every batch. Each
    /// source is locked before its items are read, so no poll of it commits in between.</summary>
    private static async Task<List<(long Id, long StoryId)>> PurgeableItemsAsync(StorageSession session, DateTimeOffset cutoff, int limit)
    {
        List<(long Id, long StoryId)> doomed = [];
        foreach ((long sourceId, DateTimeOffset before) in await BoundsAsync(session, cutoff))
        {
            await session.Dialect.LockAsync(session, SessionLock.Source, sourceId);
            doomed.AddRange(await session.QueryAsync<(long, long)>(
                $"SELECT id, story_id FROM items WHERE source_id = @SourceId AND last_seen_at < @Before ORDER BY last_seen_at {session.Dialect.Limit("@Limit")}",
                new { SourceId = sourceId, Before = before, Limit = limit - doomed.Count }));
            if (doomed.Count >= limit)
            {
                break;
            }
        }

        return doomed;
    }

    /// <summary>Per source, the instant before which its items go (<see cref="RetentionPolicy.PurgeBefore"/>),
    /// for sources with anything that old.</summary>
    private static async Task<List<(long SourceId, DateTimeOffset Before)>> BoundsAsync(StorageSession session, DateTimeOffset cutoff)
    {
        List<SourceBound> sources = await session.QueryAsync<SourceBound>(
            """
            SELECT s.id, CASE WHEN s.deleted_at IS NULL THEN 0 ELSE 1 END AS removed,
                   (SELECT max(m.last_seen_at) FROM items m WHERE m.source_id = s.id) AS last_listed_at,
                   (SELECT min(m.last_seen_at) FROM items m WHERE m.source_id = s.id) AS first_listed_at
            FROM sources s ORDER BY s.id
            """);
        List<(long, DateTimeOffset)> bounds = [];
        foreach (SourceBound source in sources)
        {
            if (RetentionPolicy.PurgeBefore(cutoff, source.LastListedAt, source.Removed != 0) is DateTimeOffset before
                && source.FirstListedAt < before)
            {
                bounds.Add((source.Id, before));
            }
        }

        return bounds;
    }

    /// <summary>Deletes the items <paramref name="select"/> picks, and what hangs on them, in one session.</summary>
    private async Task<PurgeBatch> DeleteBatchAsync(Func<StorageSession, Task<List<(long Id, long StoryId)>>> select, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        List<(long Id, long StoryId)> doomed = await select(session);
        if (doomed.Count == 0)
        {
            return default;
        }

        // Stories lose copies, or go: no placement may join one meanwhile.
        await session.Dialect.LockAsync(session, SessionLock.StoryAssignment);
        ISqlDialect dialect = session.Dialect;
        var ids = new { Ids = dialect.ListValue(doomed.Select(d => d.Id)) };
        long[] touched = [.. doomed.Select(d => d.StoryId).Distinct()];
        await session.ExecuteAsync($"UPDATE stories SET origin_item_id = NULL WHERE {dialect.InList("origin_item_id", "@Ids")}", ids);
        await session.ExecuteAsync($"DELETE FROM story_keys WHERE {dialect.InList("item_id", "@Ids")}", ids);
        // A document that still lists a deleted item would store it again: its sources' kept
        // documents must be parsed (FeedRefresher's unchanged documents).
        await session.ExecuteAsync(
            $"UPDATE sources SET document_hash = NULL, document_item_ids = NULL WHERE document_hash IS NOT NULL AND id IN (SELECT source_id FROM items WHERE {dialect.InList("id", "@Ids")})",
            ids);
        await session.ExecuteAsync($"DELETE FROM items WHERE {dialect.InList("id", "@Ids")}", ids);

        // Rows of stories merged into another stay, as a source purge keeps them: they record
        // where an old story id went.
        List<long> empty = await session.QueryAsync<long>(
            $"""
            SELECT id FROM stories
            WHERE {dialect.InList("id", "@StoryIds")} AND merged_into IS NULL
              AND NOT EXISTS (SELECT 1 FROM items WHERE items.story_id = stories.id)
            """,
            new { StoryIds = dialect.ListValue(touched) });
        if (empty.Count > 0)
        {
            var gone = new { Gone = dialect.ListValue(empty) };
            List<DateTimeOffset> published = await session.QueryAsync<DateTimeOffset>($"SELECT published_at FROM stories WHERE {dialect.InList("id", "@Gone")}", gone);
            foreach (DateTimeOffset monthStart in published.Select(MonthStart).Distinct())
            {
                await session.ExecuteAsync(
                    dialect.InsertIgnoringDuplicates("purged_months", "month_start", "VALUES (@MonthStart)", "month_start"),
                    new { MonthStart = monthStart });
            }

            await session.ExecuteAsync(
                $"DELETE FROM story_overrides WHERE {dialect.InList("story_id", "@Gone")} OR {dialect.InList("other_story_id", "@Gone")}",
                gone);
            await session.ExecuteAsync($"DELETE FROM stories WHERE {dialect.InList("id", "@Gone")}", gone);
        }

        await StoryOrigins.RefreshAsync(session, touched.Except(empty).ToList(), timeProvider.GetUtcNow());
        await ChangeVersion.BumpAsync(session);
        await session.CommitAsync();
        return new PurgeBatch(doomed.Count, empty.Count);
    }

    private static DateTimeOffset MonthStart(DateTimeOffset instant)
    {
        DateTimeOffset utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    private sealed class SourceBound
    {
        public long Id { get; set; }
        public long Removed { get; set; }
        public DateTimeOffset? LastListedAt { get; set; }
        public DateTimeOffset? FirstListedAt { get; set; }
    }

    private sealed class PurgeRow
    {
        public DateTimeOffset StartedAt { get; set; }
        public DateTimeOffset FinishedAt { get; set; }
        public long Items { get; set; }
        public long Stories { get; set; }
        public long AuditEntries { get; set; }
        public long Sources { get; set; }
        public long BytesReclaimed { get; set; }
        public long DatabaseBytes { get; set; }
    }
}
