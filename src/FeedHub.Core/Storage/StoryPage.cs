using FeedHub.Core.Links;

namespace FeedHub.Core.Storage;

/// <summary>One page of stories, read in one database snapshot.</summary>
/// <param name="Next">Where the following page starts; null on the last page.</param>
/// <param name="Version">The change version of the snapshot the page was read from.</param>
/// <param name="ChangedAt">When that version was committed.</param>
public sealed record StoryPage(IReadOnlyList<StoryEntry> Stories, StoryCursor? Next, long Version, DateTimeOffset ChangedAt);
