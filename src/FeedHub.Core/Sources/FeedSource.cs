using FeedHub.Core.Rules;
using FeedHub.Core.Storage;

namespace FeedHub.Core.Sources;

/// <summary>A row of the <c>sources</c> table: what to poll and what the last polls left behind.</summary>
public sealed record FeedSource
{
    public required long Id { get; init; }
    public required string Url { get; init; }
    public string? Title { get; init; }
    public string? SiteUrl { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public bool Enabled { get; init; } = true;

    /// <summary>Poll interval of this source; null means the configured default.</summary>
    public TimeSpan? Interval { get; init; }

    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public DateTimeOffset? LastCheckedAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public DateTimeOffset? NextDueAt { get; init; }
    public int ConsecutiveFailures { get; init; }
    public string? LastError { get; init; }
    public int? LastHttpStatus { get; init; }
    public DateTimeOffset? RetryAfterUntil { get; init; }

    /// <summary>True for a media center whose stories others republish.</summary>
    public bool IsOrigin { get; init; }

    /// <summary>Names this source is credited by in republished copies, e.g. "MC Kalsel".</summary>
    public IReadOnlyList<string> Credits { get; init; } = [];

    /// <summary>Entries of the last document read that could not be used.</summary>
    public long SkippedEntries { get; init; }

    /// <summary>What the feed said about itself at the last document read.</summary>
    public FeedMetadata Feed { get; init; } = new();

    /// <summary>The source's own user agent, headers, timeout and byte limit.</summary>
    public SourceFetchSettings Fetch { get; init; } = SourceFetchSettings.Default;

    /// <summary>Which of its items are kept and which are stored as blocked.</summary>
    public ItemRules Rules { get; init; } = ItemRules.None;

    /// <summary>Recent entries' publish times, newest first: the posting rate's evidence.</summary>
    public IReadOnlyList<DateTimeOffset> EntryTimes { get; init; } = [];

    /// <summary>What the last document said about how often it changes (ttl, skipHours, sy:*).</summary>
    public Scheduling.PublisherHints DocumentHints { get; init; } = Scheduling.PublisherHints.None;

    /// <summary>The interval the last successful poll decided, and why; null before the first.</summary>
    public Scheduling.EffectiveInterval? Effective { get; init; }

    /// <summary>The hash of the last document whose parse only touched stored items
    /// (<see cref="PollOutcome.DocumentHash"/>); null when the next 200 must be parsed.</summary>
    public string? DocumentHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
