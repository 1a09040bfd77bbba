using FeedHub.Core.Stories;

namespace FeedHub.Core.Storage;

/// <summary>Folds the text and tags of items stored before the search index existed
/// (<see cref="Text.SearchFold"/>), so searches and tag filters find them too.</summary>
public interface ISearchIndexBackfill
{
    /// <summary>Folds up to <paramref name="batchSize"/> unfolded items with ids above
    /// <paramref name="afterItemId"/>, in one short write transaction; running it twice is harmless.</summary>
    Task<StoryBackfillBatch> IndexBatchAsync(long afterItemId, int batchSize, CancellationToken cancellationToken);
}
