using System.Text.Json;
using FeedHub.Core.Scheduling;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Worker.Operations.Status;

/// <summary>One source as <c>GET /status/sources</c> shows it; URLs, also inside the last error,
/// without their query strings (<see cref="UrlRedaction"/>).</summary>
/// <param name="State">pending, ok, failing, failing_too_long, paused or gone.</param>
/// <param name="NextPollAt">Null while the source is paused.</param>
/// <param name="RetryAfterUntil">The wait a server asked for with Retry-After, as honoured; <paramref name="LastError"/> says why.</param>
/// <param name="NotModifiedShare">Share of polls answered 304, 0 to 1; null before the first poll.</param>
/// <param name="SkippedEntries">Entries of the last document read that could not be used (each reason is logged).</param>
/// <param name="EffectiveIntervalSeconds">The interval the source is polled on now: fixed, or decided by its last poll.</param>
/// <param name="IntervalReason">Why: "posting rate: ~3/day", "ttl 60 min", "fixed by admin or configuration", ...</param>
/// <param name="Feed">What the feed says about itself: language, description, imageUrl, updatedAt.</param>
public sealed record SourceStatusView(
    long Id,
    string Url,
    string? Title,
    bool Enabled,
    string State,
    DateTimeOffset? LastCheckedAt,
    DateTimeOffset? LastSuccessAt,
    int? LastHttpStatus,
    int ConsecutiveFailures,
    DateTimeOffset? FailingSince,
    string? LastError,
    DateTimeOffset? NextPollAt,
    DateTimeOffset? RetryAfterUntil,
    long ItemCount,
    long StoryCount,
    long PollCount,
    long NotModifiedCount,
    double? NotModifiedShare,
    long SkippedEntries,
    long EffectiveIntervalSeconds,
    string IntervalReason,
    FeedMetadata Feed)
{
    public static SourceStatusView From(SourceStatus status, SourceState state, CadenceSettings cadence)
    {
        ArgumentNullException.ThrowIfNull(status);
        EffectiveInterval effective = PollCadence.Current(status.Interval, status.Effective, cadence);
        return new SourceStatusView(
            status.Id,
            UrlRedaction.Redact(status.Url),
            status.Title,
            status.Enabled,
            StateName(state),
            status.LastCheckedAt,
            status.LastSuccessAt,
            status.LastHttpStatus,
            status.ConsecutiveFailures,
            status.FailingSince,
            UrlRedaction.RedactWithin(status.LastError),
            status.Enabled ? status.NextDueAt : null,
            status.RetryAfterUntil,
            status.ItemCount,
            status.StoryCount,
            status.PollCount,
            status.NotModifiedCount,
            status.NotModifiedShare is double share ? Math.Round(share, 4) : null,
            status.SkippedEntries,
            (long)effective.Interval.TotalSeconds,
            effective.Reason,
            status.Feed);
    }

    public static string StateName(SourceState state) => JsonNamingPolicy.SnakeCaseLower.ConvertName(state.ToString());
}
