namespace FeedHub.Core.Stories;

/// <summary>Gives items stored before story matching existed (no matching text, no index keys)
/// what new items get when stored, so new copies find them through the key index and not only
/// by their canonical link. Never changes which story an item is in.</summary>
public interface IStoryIndexBackfill
{
    /// <summary>Indexes up to <paramref name="batchSize"/> such items with ids above
    /// <paramref name="afterItemId"/>, in one short write transaction of its own so polls wait at
    /// most one batch. Items indexed meanwhile are skipped, so running it twice is harmless.</summary>
    Task<StoryBackfillBatch> IndexBatchAsync(long afterItemId, int batchSize, CancellationToken cancellationToken);
}

/// <summary>How many items one batch indexed, and the id to resume after (the last one it read);
/// <see cref="Indexed"/> 0 means nothing is left above <c>afterItemId</c>.</summary>
public sealed record StoryBackfillBatch(int Indexed, long LastItemId);
