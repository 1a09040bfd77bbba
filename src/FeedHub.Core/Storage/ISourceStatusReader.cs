using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Core.Storage;

/// <summary>The read model behind status pages, metrics and admin tools: poll history and
/// counts per source, from one consistent snapshot.</summary>
public interface ISourceStatusReader
{
    /// <summary>Every source that is not deleted, paused ones included, by id.</summary>
    Task<IReadOnlyList<SourceStatus>> ListStatusAsync(CancellationToken cancellationToken);

    /// <summary>Null when there is no such source or it was deleted.</summary>
    Task<SourceStatus?> GetStatusAsync(long id, CancellationToken cancellationToken);

    /// <summary>Sources that are not deleted, counted by state as <see cref="SourceStates.Classify"/>
    /// decides it (failing too long: a failure run that began at <paramref name="failingTooLongSince"/>
    /// or earlier), with their longest failure streak, their items and all stories; one statement,
    /// no row per source.</summary>
    Task<SourceTotals> CountAsync(DateTimeOffset failingTooLongSince, CancellationToken cancellationToken);

    /// <summary>All stories, across every source.</summary>
    Task<long> CountStoriesAsync(CancellationToken cancellationToken);
}
