namespace FeedHub.Core.Stories;

/// <summary>What "stories show ID" and <c>GET /api/stories/{id}</c> print: the story's copies,
/// which one is its origin and why, and why each copy joined.</summary>
public sealed record StoryExplanation
{
    public required long StoryId { get; init; }
    public long? OriginItemId { get; init; }
    public OriginRule? OriginRule { get; init; }
    public string? OriginReason { get; init; }
    public required DateTimeOffset FirstSeenAt { get; init; }
    public required IReadOnlyList<StoryMemberExplanation> Members { get; init; }

    /// <summary>Splits and merges an admin made that involve this story, oldest first.</summary>
    public required IReadOnlyList<StoryCorrection> Corrections { get; init; }
}

/// <summary>One copy of a story and why it is there.</summary>
public sealed record StoryMemberExplanation
{
    public required long ItemId { get; init; }
    public required long SourceId { get; init; }
    public string? SourceTitle { get; init; }
    public required string Title { get; init; }
    public string? Link { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }
    public required bool IsOrigin { get; init; }
    public IReadOnlyList<string> Credits { get; init; } = [];

    /// <summary>Null for items stored before story explanations were recorded.</summary>
    public StoryJoinRule? Rule { get; init; }
    public double? Score { get; init; }
    public string? Reason { get; init; }
}

/// <summary>An admin's split or merge, as audited.</summary>
public sealed record StoryCorrection(DateTimeOffset At, string Actor, string Action, long StoryId, long OtherStoryId, long? ItemId, string Details);

/// <param name="Changed">False when the item was already alone in its story.</param>
public sealed record StorySplit(long ItemId, long FromStoryId, long StoryId, bool Changed);

/// <param name="KeptStoryId">The older story: it keeps its id and feed GUID.</param>
/// <param name="RemovedStoryId">The story whose entry leaves the feeds; its id is never reused.</param>
public sealed record StoryMerge(long KeptStoryId, long RemovedStoryId, int MovedItems);
