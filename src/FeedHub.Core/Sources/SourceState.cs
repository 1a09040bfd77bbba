using FeedHub.Core.Storage;

namespace FeedHub.Core.Sources;

/// <summary>One word for a source's condition; every source is in exactly one.</summary>
public enum SourceState
{
    /// <summary>Enabled and never polled yet.</summary>
    Pending,

    /// <summary>Enabled and its last poll succeeded.</summary>
    Ok,

    /// <summary>Enabled and failing, for less than the configured time.</summary>
    Failing,

    /// <summary>Enabled and failing for longer than the configured time: someone should look.</summary>
    FailingTooLong,

    /// <summary>Paused by an operator.</summary>
    Paused,

    /// <summary>Paused automatically: the server said the feed is gone (HTTP 410).</summary>
    Gone,
}

public static class SourceStates
{
    public const int GoneHttpStatus = 410;

    /// <summary>Storage counts the states with the same rules in SQL (ISourceStatusReader.CountAsync):
    /// a change here is a change there.</summary>
    public static SourceState Classify(SourceStatus status, DateTimeOffset now, TimeSpan failingAfter)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!status.Enabled)
        {
            return status.LastHttpStatus == GoneHttpStatus ? SourceState.Gone : SourceState.Paused;
        }

        if (status.ConsecutiveFailures > 0)
        {
            return status.FailingSince is DateTimeOffset start && now - start >= failingAfter ? SourceState.FailingTooLong : SourceState.Failing;
        }

        return status.LastCheckedAt is null ? SourceState.Pending : SourceState.Ok;
    }

    /// <summary>The start of a failure run that makes a source <see cref="SourceState.FailingTooLong"/>
    /// now: this instant or earlier.</summary>
    public static DateTimeOffset FailingTooLongSince(DateTimeOffset now, TimeSpan failingAfter) =>
        now - DateTimeOffset.MinValue < failingAfter ? DateTimeOffset.MinValue : now - failingAfter;
}
