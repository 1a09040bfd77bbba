using FeedHub.Core.Retention;
using FeedHub.Core.Storage;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Operations.Status;

/// <summary><c>GET /status</c>: the whole store at a glance — sources, items, stories, the
/// database's size, the retention in force and the last purge.</summary>
public sealed record StatusSummary
{
    public required int Sources { get; init; }

    /// <summary>Every stored item, removed sources' included.</summary>
    public required long Items { get; init; }

    public required long Stories { get; init; }

    public required long DatabaseBytes { get; init; }

    /// <summary>Free pages inside the database that a vacuum can hand back.</summary>
    public required long DatabaseFreeBytes { get; init; }

    public required RetentionSummary Retention { get; init; }

    /// <summary>Null until a purge has run.</summary>
    public required LastPurgeSummary? LastPurge { get; init; }

    public static async Task<StatusSummary> ReadAsync(SourceStatusReport sources, ISourceStatusReader reader, IRetentionStore store, RetentionOptions retention, CancellationToken cancellationToken)
    {
        DatabaseSize size = await store.MeasureAsync(cancellationToken);
        PurgeReport? last = await store.LastPurgeAsync(cancellationToken);
        return new StatusSummary
        {
            Sources = (await sources.ListAsync(cancellationToken)).Count,
            Items = await store.CountItemsAsync(cancellationToken),
            Stories = await reader.CountStoriesAsync(cancellationToken),
            DatabaseBytes = size.Bytes,
            DatabaseFreeBytes = size.FreeBytes,
            Retention = new RetentionSummary(retention.ItemMaxAge.TotalDays, retention.AuditMaxAge.TotalDays, retention.Interval),
            LastPurge = last is null ? null : new LastPurgeSummary(last.StartedAt, last.FinishedAt, last.Items, last.Stories, last.AuditEntries, last.Sources, last.BytesReclaimed),
        };
    }
}

/// <param name="ItemMaxAgeDays">0: items are kept forever.</param>
/// <param name="AuditMaxAgeDays">0: the audit log is kept whole.</param>
public sealed record RetentionSummary(double ItemMaxAgeDays, double AuditMaxAgeDays, TimeSpan Interval);

public sealed record LastPurgeSummary(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, long Items, long Stories, long AuditEntries, long Sources, long BytesReclaimed);
