using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Core.Storage;

/// <summary>The <c>sources</c> table: the truth about what FeedHub polls.</summary>
public interface ISourceStore
{
    Task<IReadOnlyList<FeedSource>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Every enabled source, by id, as far as an in-memory schedule follows it: the
    /// schedule's sync reads them once a minute, and whole rows (35 columns, their lists and
    /// settings) were 10,000 sources' worth of garbage each time for the four values it uses. A store
    /// that has no narrower read answers from <see cref="ListAsync"/>.</summary>
    async Task<IReadOnlyList<ScheduledSource>> ListScheduledAsync(CancellationToken cancellationToken) =>
        [.. (await ListAsync(cancellationToken)).Where(source => source.Enabled).Select(source => new ScheduledSource(source.Id, source.Url, source.Interval, source.NextDueAt))];

    /// <summary>One aggregate row, for a reader of the whole list to know whether it changed.</summary>
    Task<SourceTableStamp> GetStampAsync(CancellationToken cancellationToken);

    Task<FeedSource?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>The live source answering to <paramref name="url"/> in canonical form: its own URL,
    /// or an old one a permanent redirect moved it from; null when none does.</summary>
    Task<FeedSource?> FindByUrlAsync(string url, CancellationToken cancellationToken);

    /// <summary>Inserts the source, or updates title/tags/interval/origin/credits of the one with
    /// the same canonical URL (or a redirect's old URL). Poll state (ETag, errors...) is never touched here.</summary>
    Task<FeedSource> UpsertAsync(SourceDefinition definition, CancellationToken cancellationToken);

    Task<bool> SetEnabledAsync(long id, bool enabled, CancellationToken cancellationToken);

    /// <summary>Removes the source; its items stay (orphaned from polling) unless <paramref name="purgeItems"/>.</summary>
    Task<bool> DeleteAsync(long id, bool purgeItems, CancellationToken cancellationToken);

    /// <summary>Records a poll that stored no items: a 304 (check time only) or a failure
    /// (error text, HTTP status, consecutive failures + 1, Retry-After).</summary>
    /// <returns>False when the poll ran under a claim the cluster has handed back since
    /// (<see cref="PollOutcome.ClaimedBy"/>): nothing was written.</returns>
    Task<bool> RecordPollAsync(long sourceId, PollOutcome outcome, CancellationToken cancellationToken);
}
