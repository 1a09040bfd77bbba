namespace FeedHub.Core.Stories;

/// <summary>A stored copy of a candidate story, as storage loaded it.</summary>
public sealed record StoryMember(long ItemId, long SourceId, string? CanonicalLink, DateTimeOffset PublishedAt, StoryFeatures Features);

/// <summary>A story storage found through the index (or the item's link), with its copies.</summary>
public sealed record CandidateStory(long StoryId, IReadOnlyList<StoryMember> Members);

/// <summary>The item being placed: its features and its source's learned boilerplate.</summary>
public sealed record IncomingItem(long SourceId, string? CanonicalLink, DateTimeOffset PublishedAt, StoryFeatures Features, SourceBoilerplate Boilerplate);
