using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Sources;

/// <summary>Source status rows with their item and story counts, each read in one snapshot, and
/// the totals over all sources that the metrics show.</summary>
internal sealed class SourceStatusReader : ISourceStatusReader
{
    private const string Select =
        """
        SELECT s.id, s.url, s.title, s.enabled, s.last_checked_at, s.last_success_at, s.last_http_status,
               s.consecutive_failures, s.failing_since, s.last_error, s.next_due_at, s.retry_after_until, s.poll_count, s.not_modified_count,
               s.skipped_entries, s.feed_language, s.feed_description, s.feed_image_url, s.feed_updated_at,
               s.interval_seconds, s.effective_interval_seconds, s.interval_reason,
               COALESCE(c.item_count, 0) AS item_count, COALESCE(c.story_count, 0) AS story_count
        FROM sources s
        LEFT JOIN (SELECT source_id, count(*) AS item_count, count(DISTINCT story_id) AS story_count
                   FROM items {0} GROUP BY source_id) c ON c.source_id = s.id
        WHERE s.deleted_at IS NULL {1}
        ORDER BY s.id
        """;

    // SourceStates.Classify in SQL, summed: one pass over sources (no row per source leaves the
    // database, no story counted per source), items counted by the index on items.source_id.
    // Portable: flags compared as 0/1, derived tables aliased, no boolean expression in the SELECT.
    private const string Totals =
        """
        SELECT t.pending_count, t.ok_count, t.failing_count, t.failing_too_long_count, t.paused_count, t.gone_count,
               t.max_failures_count, i.item_count, st.story_count
        FROM (SELECT COALESCE(sum(CASE WHEN enabled = 1 AND consecutive_failures = 0 AND last_checked_at IS NULL THEN 1 ELSE 0 END), 0) AS pending_count,
                     COALESCE(sum(CASE WHEN enabled = 1 AND consecutive_failures = 0 AND last_checked_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS ok_count,
                     COALESCE(sum(CASE WHEN enabled = 1 AND consecutive_failures > 0
                                        AND (failing_since IS NULL OR failing_since > @FailingTooLongSince) THEN 1 ELSE 0 END), 0) AS failing_count,
                     COALESCE(sum(CASE WHEN enabled = 1 AND consecutive_failures > 0
                                        AND failing_since <= @FailingTooLongSince THEN 1 ELSE 0 END), 0) AS failing_too_long_count,
                     COALESCE(sum(CASE WHEN enabled = 0 AND (last_http_status IS NULL OR last_http_status <> @Gone) THEN 1 ELSE 0 END), 0) AS paused_count,
                     COALESCE(sum(CASE WHEN enabled = 0 AND last_http_status = @Gone THEN 1 ELSE 0 END), 0) AS gone_count,
                     COALESCE(max(consecutive_failures), 0) AS max_failures_count
              FROM sources
              WHERE deleted_at IS NULL) t
        CROSS JOIN (SELECT count(*) AS item_count
                    FROM items
                    JOIN sources s ON s.id = items.source_id
                    WHERE s.deleted_at IS NULL) i
        CROSS JOIN (SELECT count(*) AS story_count FROM stories) st
        """;

    private readonly StorageDatabase _database;

    public SourceStatusReader(StorageDatabase database)
    {
        _database = database;
    }

    public async Task<IReadOnlyList<SourceStatus>> ListStatusAsync(CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(_database, cancellationToken);
        List<StatusRow> rows = await session.QueryAsync<StatusRow>(string.Format(null, Select, "", ""));
        return rows.ConvertAll(row => row.ToStatus());
    }

    public async Task<SourceStatus?> GetStatusAsync(long id, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(_database, cancellationToken);
        StatusRow? row = await session.QuerySingleOrDefaultAsync<StatusRow>(
            string.Format(null, Select, "WHERE source_id = @Id", "AND s.id = @Id"), new { Id = id });
        return row?.ToStatus();
    }

    public async Task<SourceTotals> CountAsync(DateTimeOffset failingTooLongSince, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(_database, cancellationToken);
        TotalsRow row = await session.QuerySingleOrDefaultAsync<TotalsRow>(
            Totals, new { FailingTooLongSince = failingTooLongSince, Gone = SourceStates.GoneHttpStatus })
            ?? throw new InvalidOperationException("An aggregate without GROUP BY returned no row.");
        return new SourceTotals(
            row.PendingCount, row.OkCount, row.FailingCount, row.FailingTooLongCount, row.PausedCount, row.GoneCount, row.MaxFailuresCount, row.ItemCount, row.StoryCount);
    }

    public async Task<long> CountStoriesAsync(CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(_database, cancellationToken);
        return await session.ExecuteScalarAsync<long>("SELECT count(*) FROM stories");
    }

    private sealed class TotalsRow
    {
        public long PendingCount { get; set; }
        public long OkCount { get; set; }
        public long FailingCount { get; set; }
        public long FailingTooLongCount { get; set; }
        public long PausedCount { get; set; }
        public long GoneCount { get; set; }
        public long MaxFailuresCount { get; set; }
        public long ItemCount { get; set; }
        public long StoryCount { get; set; }
    }

    private sealed class StatusRow
    {
        public long Id { get; set; }
        public string Url { get; set; } = "";
        public string? Title { get; set; }
        public long Enabled { get; set; }
        public DateTimeOffset? LastCheckedAt { get; set; }
        public DateTimeOffset? LastSuccessAt { get; set; }
        public long? LastHttpStatus { get; set; }
        public long ConsecutiveFailures { get; set; }
        public DateTimeOffset? FailingSince { get; set; }
        public string? LastError { get; set; }
        public DateTimeOffset? NextDueAt { get; set; }
        public DateTimeOffset? RetryAfterUntil { get; set; }
        public long PollCount { get; set; }
        public long NotModifiedCount { get; set; }
        public long SkippedEntries { get; set; }
        public string? FeedLanguage { get; set; }
        public string? FeedDescription { get; set; }
        public string? FeedImageUrl { get; set; }
        public DateTimeOffset? FeedUpdatedAt { get; set; }
        public long? IntervalSeconds { get; set; }
        public long? EffectiveIntervalSeconds { get; set; }
        public string? IntervalReason { get; set; }
        public long ItemCount { get; set; }
        public long StoryCount { get; set; }

        public SourceStatus ToStatus() => new()
        {
            Id = Id,
            Url = Url,
            Title = Title,
            Enabled = Enabled != 0,
            LastCheckedAt = LastCheckedAt,
            LastSuccessAt = LastSuccessAt,
            LastHttpStatus = LastHttpStatus is long status ? checked((int)status) : null,
            ConsecutiveFailures = checked((int)ConsecutiveFailures),
            FailingSince = FailingSince,
            LastError = LastError,
            NextDueAt = NextDueAt,
            RetryAfterUntil = RetryAfterUntil,
            PollCount = PollCount,
            NotModifiedCount = NotModifiedCount,
            SkippedEntries = SkippedEntries,
            Feed = new FeedMetadata { Language = FeedLanguage, Description = FeedDescription, ImageUrl = FeedImageUrl, UpdatedAt = FeedUpdatedAt },
            ItemCount = ItemCount,
            StoryCount = StoryCount,
            Interval = IntervalSeconds is long fixedSeconds ? TimeSpan.FromSeconds(fixedSeconds) : null,
            Effective = EffectiveIntervalSeconds is long seconds && IntervalReason is not null
                ? new Core.Scheduling.EffectiveInterval(TimeSpan.FromSeconds(seconds), IntervalReason)
                : null,
        };
    }
}
