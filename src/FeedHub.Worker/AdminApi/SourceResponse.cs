using FeedHub.Administration;
using FeedHub.Core.Rules;
using FeedHub.Core.Scheduling;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Worker.Scheduling;

namespace FeedHub.Worker.AdminApi;

/// <summary>A source as the admin API returns it.</summary>
/// <param name="Feed">What the feed says about itself, as of the last document read.</param>
/// <param name="Headers">The source's own request headers, every value masked.</param>
/// <param name="EffectiveInterval">The interval the source is polled on: <c>Interval</c> when fixed, otherwise
/// what its posting rate and the publisher's hints decided within <c>Scheduling:MinInterval</c>..<c>MaxInterval</c>.</param>
/// <param name="IntervalReason">Why: <c>ttl 60 min</c>, <c>posting rate: ~3/day</c>, <c>fixed by admin or configuration</c>...</param>
/// <param name="Blocked">Items blocked, by rule: <c>{"rule": "block 1: words:iklan", "items": 3}</c>.</param>
public sealed record SourceResponse(
    long Id,
    string Url,
    string? Title,
    string? SiteUrl,
    IReadOnlyList<string> Tags,
    string State,
    bool Enabled,
    TimeSpan? Interval,
    TimeSpan EffectiveInterval,
    string IntervalReason,
    bool IsOrigin,
    IReadOnlyList<string> Credits,
    long Items,
    DateTimeOffset? LastCheckedAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? NextDueAt,
    int ConsecutiveFailures,
    string? LastError,
    int? LastHttpStatus,
    DateTimeOffset? RetryAfterUntil,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    SourceFeedResponse Feed,
    string? UserAgent,
    IReadOnlyDictionary<string, string> Headers,
    TimeSpan? Timeout,
    long? MaxResponseBytes,
    IReadOnlyList<string> KeepRules,
    IReadOnlyList<string> BlockRules,
    IReadOnlyList<BlockedCount> Blocked)
{
    public static SourceResponse From(SourceView view, CadenceSettings cadence)
    {
        FeedSource s = view.Source;
        EffectiveInterval effective = PollCadence.Current(s.Interval, s.Effective, cadence);
        return new SourceResponse(
            s.Id, s.Url, s.Title, s.SiteUrl, s.Tags, view.State, s.Enabled, s.Interval, effective.Interval, effective.Reason, s.IsOrigin, s.Credits, view.Items,
            s.LastCheckedAt, s.LastSuccessAt, s.NextDueAt, s.ConsecutiveFailures, s.LastError, s.LastHttpStatus,
            s.RetryAfterUntil, s.CreatedAt, s.UpdatedAt, SourceFeedResponse.From(s.Feed),
            s.Fetch.UserAgent, s.Fetch.Headers, s.Fetch.Timeout, s.Fetch.MaxResponseBytes,
            s.Rules.Keep.Select(r => r.ToString()).ToArray(), s.Rules.Block.Select(r => r.ToString()).ToArray(),
            view.Blocked.OrderBy(b => b.Key, StringComparer.Ordinal)
                .Select(b => new BlockedCount(BlockReasons.Describe(b.Key, s.Rules), b.Value)).ToArray());
    }
}

/// <summary>How many stored items one rule blocks.</summary>
public sealed record BlockedCount(string Rule, long Items);

/// <summary>A feed's language, description, image and own updated time, as stored on its source.</summary>
public sealed record SourceFeedResponse(string? Language, string? Description, string? ImageUrl, DateTimeOffset? UpdatedAt)
{
    public static SourceFeedResponse From(FeedMetadata feed) => new(feed.Language, feed.Description, feed.ImageUrl, feed.UpdatedAt);
}

/// <summary>The outcome of an OPML import.</summary>
/// <param name="Notes">For outlines that named a site: the feed found there and the others not added.</param>
public sealed record ImportResponse(int Added, int Updated, int Skipped, int Invalid, IReadOnlyList<ImportProblem> Problems, IReadOnlyList<ImportProblem> Notes)
{
    public static ImportResponse From(ImportSummary summary) => new(
        summary.Added, summary.Updated, summary.Skipped, summary.Invalid,
        summary.Problems.Select(p => new ImportProblem(p.Line, p.Text, p.Reason)).ToArray(),
        summary.Notes.Select(p => new ImportProblem(p.Line, p.Text, p.Reason)).ToArray());
}

public sealed record ImportProblem(int Line, string? Outline, string Reason);

/// <summary>One admin action.</summary>
public sealed record AuditResponse(long Id, DateTimeOffset At, string Actor, string Action, long? SourceId, string Details)
{
    public static AuditResponse From(AuditEntry entry) =>
        new(entry.Id, entry.At, entry.Actor, entry.Action, entry.SourceId, entry.Details);
}
