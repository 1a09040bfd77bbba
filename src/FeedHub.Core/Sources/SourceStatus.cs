using FeedHub.Core.Storage;

namespace FeedHub.Core.Sources;

/// <summary>What operators need to know about one source: how its polls went and what it holds.
/// Read-only; carries nothing secret (no validators, no credentials).</summary>
public sealed record SourceStatus
{
    public required long Id { get; init; }
    public required string Url { get; init; }
    public string? Title { get; init; }
    public bool Enabled { get; init; }
    public DateTimeOffset? LastCheckedAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>Status of the last response; null when none arrived or the source was never polled.</summary>
    public int? LastHttpStatus { get; init; }

    public int ConsecutiveFailures { get; init; }

    /// <summary>When the current run of failures began; null while the source is not failing.</summary>
    public DateTimeOffset? FailingSince { get; init; }

    public string? LastError { get; init; }
    public DateTimeOffset? NextDueAt { get; init; }

    /// <summary>Until when the server asked not to be polled (Retry-After), as honoured: at most
    /// <see cref="Scheduling.PollSchedule.LongestRetryAfter"/> from the poll; the last error says why.</summary>
    public DateTimeOffset? RetryAfterUntil { get; init; }
    public long ItemCount { get; init; }

    /// <summary>Distinct stories this source's items belong to.</summary>
    public long StoryCount { get; init; }

    /// <summary>Polls recorded since the counters were introduced, of every outcome.</summary>
    public long PollCount { get; init; }

    /// <summary>Polls the server answered with 304 Not Modified.</summary>
    public long NotModifiedCount { get; init; }

    /// <summary>Entries of the last document read that could not be used.</summary>
    public long SkippedEntries { get; init; }

    /// <summary>What the feed said about itself at the last document read.</summary>
    public FeedMetadata Feed { get; init; } = new();

    /// <summary>The source's own, fixed interval; null when it follows the adaptive rule.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>What its last poll decided (<see cref="Scheduling.PollCadence"/>); null before the first.</summary>
    public Scheduling.EffectiveInterval? Effective { get; init; }

    /// <summary>Share of polls answered with 304, 0 to 1; null before the first poll.</summary>
    public double? NotModifiedShare => PollCount > 0 ? (double)NotModifiedCount / PollCount : null;
}
