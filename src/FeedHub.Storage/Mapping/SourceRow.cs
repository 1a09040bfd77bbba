using FeedHub.Core.Rules;
using FeedHub.Core.Scheduling;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Storage.Mapping;

/// <summary>A <c>sources</c> row as the database returns it.</summary>
internal sealed class SourceRow
{
    public const string Columns =
        "id, url, title, site_url, tags, enabled, interval_seconds, is_origin, credits, etag, last_modified, " +
        "last_checked_at, last_success_at, next_due_at, consecutive_failures, last_error, last_http_status, " +
        "retry_after_until, created_at, updated_at, " +
        "skipped_entries, feed_language, feed_description, feed_image_url, feed_updated_at, " +
        "user_agent, request_headers, fetch_timeout_ms, max_response_bytes, keep_rules, block_rules, " +
        "poll_cadence, effective_interval_seconds, interval_reason, document_hash";

    public long Id { get; set; }
    public string Url { get; set; } = "";
    public string? Title { get; set; }
    public string? SiteUrl { get; set; }
    public string? Tags { get; set; }
    public long Enabled { get; set; }
    public long? IntervalSeconds { get; set; }
    public long IsOrigin { get; set; }
    public string? Credits { get; set; }
    public string? ETag { get; set; }
    public string? LastModified { get; set; }
    public DateTimeOffset? LastCheckedAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public DateTimeOffset? NextDueAt { get; set; }
    public long ConsecutiveFailures { get; set; }
    public string? LastError { get; set; }
    public long? LastHttpStatus { get; set; }
    public DateTimeOffset? RetryAfterUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long SkippedEntries { get; set; }
    public string? FeedLanguage { get; set; }
    public string? FeedDescription { get; set; }
    public string? FeedImageUrl { get; set; }
    public DateTimeOffset? FeedUpdatedAt { get; set; }
    public string? UserAgent { get; set; }
    public string? RequestHeaders { get; set; }
    public long? FetchTimeoutMs { get; set; }
    public long? MaxResponseBytes { get; set; }
    public string? KeepRules { get; set; }
    public string? BlockRules { get; set; }
    public string? PollCadence { get; set; }
    public long? EffectiveIntervalSeconds { get; set; }
    public string? IntervalReason { get; set; }
    public string? DocumentHash { get; set; }

    public FeedSource ToFeedSource()
    {
        (IReadOnlyList<DateTimeOffset> entryTimes, PublisherHints hints) = CadenceColumn.Read(PollCadence);
        return ToFeedSource(entryTimes, hints);
    }

    /// <summary>Without the posting history and hints, which only a poll reads: the schedule's
    /// periodic sync lists every source and need not parse them all.</summary>
    public FeedSource ToListedSource() => ToFeedSource([], PublisherHints.None);

    private FeedSource ToFeedSource(IReadOnlyList<DateTimeOffset> entryTimes, PublisherHints hints) => new()
    {
        Id = Id,
        Url = Url,
        Title = Title,
        SiteUrl = SiteUrl,
        Tags = JsonColumns.ToStrings(Tags),
        Enabled = Enabled != 0,
        Interval = IntervalSeconds is long seconds ? TimeSpan.FromSeconds(seconds) : null,
        ETag = ETag,
        LastModified = LastModified,
        LastCheckedAt = LastCheckedAt,
        LastSuccessAt = LastSuccessAt,
        NextDueAt = NextDueAt,
        ConsecutiveFailures = checked((int)ConsecutiveFailures),
        LastError = LastError,
        LastHttpStatus = LastHttpStatus is long status ? checked((int)status) : null,
        RetryAfterUntil = RetryAfterUntil,
        IsOrigin = IsOrigin != 0,
        Credits = JsonColumns.ToStrings(Credits),
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        SkippedEntries = SkippedEntries,
        Feed = new FeedMetadata { Language = FeedLanguage, Description = FeedDescription, ImageUrl = FeedImageUrl, UpdatedAt = FeedUpdatedAt },
        Fetch = new SourceFetchSettings
        {
            UserAgent = UserAgent,
            Headers = SourceSettingsColumns.ToHeaders(RequestHeaders),
            Timeout = FetchTimeoutMs is long ms ? TimeSpan.FromMilliseconds(ms) : null,
            MaxResponseBytes = MaxResponseBytes,
        },
        Rules = new ItemRules { Keep = SourceSettingsColumns.ToRules(KeepRules), Block = SourceSettingsColumns.ToRules(BlockRules) },
        EntryTimes = entryTimes,
        DocumentHints = hints,
        DocumentHash = DocumentHash,
        Effective = EffectiveIntervalSeconds is long effectiveSeconds && IntervalReason is not null
            ? new EffectiveInterval(TimeSpan.FromSeconds(effectiveSeconds), IntervalReason)
            : null,
    };
}
