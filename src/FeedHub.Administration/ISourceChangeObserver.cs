namespace FeedHub.Administration;

/// <summary>Told about every change <see cref="SourceAdministration"/> makes, so a running
/// worker reschedules at once instead of at its next sync.</summary>
public interface ISourceChangeObserver
{
    /// <param name="sourceId">The source that changed; null for many at once (an import).</param>
    /// <param name="pollSoon">Its URL or interval changed: the next poll should not wait for the old schedule.</param>
    Task SourcesChangedAsync(long? sourceId, bool pollSoon, CancellationToken cancellationToken);
}
