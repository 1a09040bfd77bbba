using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Core.Storage;

/// <summary>What administering sources needs from the <c>sources</c> table beyond
/// <see cref="Storage.ISourceStore"/>: moving a source to a new URL and counting its items.</summary>
public interface ISourceAdminStore
{
    /// <summary>Points source <paramref name="id"/> at <paramref name="url"/>, forgetting the old URL's
    /// validators and error state. Fails with <see cref="UrlChange.Taken"/> when another source (live
    /// or removed, whose items are still published) has the same canonical URL.</summary>
    Task<UrlChange> ChangeUrlAsync(long id, string url, CancellationToken cancellationToken);

    /// <summary>Stored items per source id; sources without items are absent.</summary>
    Task<IReadOnlyDictionary<long, long>> CountItemsAsync(CancellationToken cancellationToken);
}

public enum UrlChange
{
    Changed,
    Unchanged,
    NotFound,
    Taken,
}
