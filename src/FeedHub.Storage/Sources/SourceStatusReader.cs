using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Sources;

/// <summary>Source status rows with their item and story counts, each read in one snapshot.</summary>
internal sealed class SourceStatusReader : ISourceStatusReader
{
    private const string Select =
        """
        SELECT s.id, s.url, s.title, s.enabled, s.last_checked_at, s.last_success_at, s.last_http_status,
               s.consecutive_failures, s.failing_since, s.last_error, s.next_due_at, s.retry_after_until, s.poll_count, s.not_modified_count,
               s.skipped_entries, s.feed_language, s.feed_description, s.feed_image_url, s.feed_updated_at,
               COALESCE(c.item_count, 0) AS item_count, COALESCE(c.story_count, 0) AS story_count
        FROM sources s
        LEFT JOIN (SELECT source_id, count(*) AS item_count, count(DISTINCT story_id) AS story_count
                   FROM items {0} GROUP BY source_id) c ON c.source_id = s.id
        WHERE s.deleted_at IS NULL {1}
        ORDER BY s.id
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

    public async Task<long> CountStoriesAsync(CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(_database, cancellationToken);
        return await session.ExecuteScalarAsync<long>("SELECT count(*) FROM stories");
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
        };
    }
}
