namespace FeedHub.Core.Retention;

/// <summary>The <c>FeedHub:Retention</c> section: how long unseen items and audit entries are
/// kept, and how the scheduled purge runs. A max age of zero keeps everything of that kind.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "FeedHub:Retention";

    /// <summary>An item its feed has not listed for this long is purged (by last-seen time, never
    /// by publish date: an old entry a feed still lists stays). Zero keeps every item.</summary>
    public TimeSpan ItemMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Audit-log entries older than this are purged. Zero keeps the whole log.</summary>
    public TimeSpan AuditMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Time between scheduled purges.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Rows deleted per transaction: each batch holds the write lock for a few
    /// milliseconds, so polls wait at most about that long.</summary>
    public int BatchSize { get; set; } = 500;
}
