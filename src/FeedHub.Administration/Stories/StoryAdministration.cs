using FeedHub.Core.Stories;

namespace FeedHub.Administration.Stories;

/// <summary>Explaining and correcting stories, as the command line (<c>stories show|split|merge</c>)
/// and the HTTP API (<c>/api/stories</c>) share it. The store records every correction in the
/// audit log and the story overrides, and later polls respect them.</summary>
public sealed class StoryAdministration(IStoryAdminStore stories)
{
    public async Task<StoryOutcome<StoryExplanation>> ExplainAsync(long storyId, CancellationToken cancellationToken)
    {
        if (storyId < 1)
        {
            return StoryOutcome<StoryExplanation>.Invalid("storyId", "A story id is a positive whole number.");
        }

        StoryExplanation? explanation = await stories.ExplainAsync(storyId, cancellationToken);
        return explanation is null
            ? StoryOutcome<StoryExplanation>.NotFound($"No story with id {storyId}.")
            : StoryOutcome<StoryExplanation>.Done(explanation);
    }

    /// <summary>The item leaves its story and starts one of its own.</summary>
    public async Task<StoryOutcome<StorySplit>> SplitAsync(long itemId, string actor, CancellationToken cancellationToken)
    {
        if (itemId < 1)
        {
            return StoryOutcome<StorySplit>.Invalid("itemId", "An item id is a positive whole number.");
        }

        StorySplit? split = await stories.SplitAsync(itemId, actor, cancellationToken);
        return split is null
            ? StoryOutcome<StorySplit>.NotFound($"No item with id {itemId}.")
            : StoryOutcome<StorySplit>.Done(split);
    }

    /// <summary>The two stories become one: the older keeps its id and feed GUID, the other's
    /// entry leaves the feeds and its id is never used again.</summary>
    public async Task<StoryOutcome<StoryMerge>> MergeAsync(long storyId, long otherStoryId, string actor, CancellationToken cancellationToken)
    {
        if (storyId < 1 || otherStoryId < 1)
        {
            return StoryOutcome<StoryMerge>.Invalid(storyId < 1 ? "storyId" : "otherStoryId", "A story id is a positive whole number.");
        }

        if (storyId == otherStoryId)
        {
            return StoryOutcome<StoryMerge>.Invalid("otherStoryId", "A story cannot be merged with itself: name two different stories.");
        }

        StoryMerge? merge = await stories.MergeAsync(storyId, otherStoryId, actor, cancellationToken);
        return merge is null
            ? StoryOutcome<StoryMerge>.NotFound($"Story {storyId} or {otherStoryId} does not exist (or was merged into another already).")
            : StoryOutcome<StoryMerge>.Done(merge);
    }
}
