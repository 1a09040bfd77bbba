using FeedHub.Core.Stories;

namespace FeedHub.Worker.AdminApi;

/// <summary>A story with its members and the reasons: why the origin is the origin, why each copy joined.</summary>
public sealed record StoryResponse(
    long Id,
    DateTimeOffset FirstSeenAt,
    StoryOriginResponse? Origin,
    StoryMemberResponse[] Members,
    StoryCorrectionResponse[] Corrections)
{
    public static StoryResponse From(StoryExplanation story) => new(
        story.StoryId,
        story.FirstSeenAt,
        story.OriginItemId is long itemId ? new StoryOriginResponse(itemId, story.OriginRule?.ToString(), story.OriginReason) : null,
        story.Members.Select(StoryMemberResponse.From).ToArray(),
        story.Corrections.Select(c => new StoryCorrectionResponse(c.At, c.Actor, c.Action, c.StoryId, c.OtherStoryId, c.ItemId, c.Details)).ToArray());
}

/// <param name="Rule">OriginSource, CreditLine or EarliestPublished.</param>
public sealed record StoryOriginResponse(long ItemId, string? Rule, string? Reason);

/// <param name="Rule">Why the copy is in the story: NewStory, SameLink, SimilarText, SplitByAdmin or MergedByAdmin; null for items stored before reasons were kept.</param>
/// <param name="Score">The similarity that decided, when text decided.</param>
public sealed record StoryMemberResponse(
    long ItemId, long SourceId, string? SourceTitle, string Title, string? Link, DateTimeOffset PublishedAt,
    bool IsOrigin, IReadOnlyList<string> Credits, string? Rule, double? Score, string? Reason)
{
    public static StoryMemberResponse From(StoryMemberExplanation member) => new(
        member.ItemId, member.SourceId, member.SourceTitle, member.Title, member.Link, member.PublishedAt,
        member.IsOrigin, member.Credits, member.Rule?.ToString(), member.Score, member.Reason);
}

public sealed record StoryCorrectionResponse(DateTimeOffset At, string Actor, string Action, long StoryId, long OtherStoryId, long? ItemId, string Details);

public sealed record SplitStoryRequest(long ItemId);

public sealed record MergeStoriesRequest(long StoryId, long OtherStoryId);

/// <param name="Changed">False when the item was already alone in its story.</param>
public sealed record SplitStoryResponse(long ItemId, long FromStoryId, long StoryId, bool Changed);

/// <param name="KeptStoryId">The older story, which keeps its id and feed GUID.</param>
/// <param name="RemovedStoryId">The story whose entry left the feeds.</param>
public sealed record MergeStoriesResponse(long KeptStoryId, long RemovedStoryId, int MovedItems);
