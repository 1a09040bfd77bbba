namespace FeedHub.Core.Stories;

/// <summary>Explains and corrects stories, for <c>stories show|split|merge</c> and
/// <c>GET /api/stories/{id}</c>. Corrections are audited and later polls respect them: items
/// are never re-matched once stored, and moved items take their index keys with them.</summary>
public interface IStoryAdminStore
{
    /// <summary>The story, or null when no story has that id (a merged-away id answers null too;
    /// <see cref="StoryExplanation.Corrections"/> of the kept story records the merge).</summary>
    Task<StoryExplanation?> ExplainAsync(long storyId, CancellationToken cancellationToken);

    /// <summary>Moves the item into a story of its own (a new id); null when the item does not exist.</summary>
    Task<StorySplit?> SplitAsync(long itemId, string actor, CancellationToken cancellationToken);

    /// <summary>Moves every copy of the newer story into the older (by first-seen time, then id);
    /// null when either story does not exist or both ids are the same.</summary>
    Task<StoryMerge?> MergeAsync(long storyId, long otherStoryId, string actor, CancellationToken cancellationToken);
}
