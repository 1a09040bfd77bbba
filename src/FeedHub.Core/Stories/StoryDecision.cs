using System.Globalization;

namespace FeedHub.Core.Stories;

/// <summary>Why an item is in its story; stored with the item and shown by "stories show".</summary>
public enum StoryJoinRule
{
    NewStory,
    SameLink,
    SimilarText,
    SplitByAdmin,
    MergedByAdmin,
}

/// <summary>The answer of <see cref="StoryMatcher"/>: join <see cref="StoryId"/> because
/// <see cref="Reason"/>, or start a story (<see cref="StoryId"/> null).</summary>
public sealed record StoryDecision(long? StoryId, StoryJoinRule Rule, double Score, long? MatchedItemId, string Reason)
{
    public static StoryDecision NewStory(string reason) => new(null, StoryJoinRule.NewStory, 0, null, reason);

    internal static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
