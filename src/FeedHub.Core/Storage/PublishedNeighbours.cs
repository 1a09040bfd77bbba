using FeedHub.Core.Links;

namespace FeedHub.Core.Storage;

/// <summary>The publish times of the stories just outside a time window.</summary>
/// <param name="NewestBefore">The newest story published before the window; null when none is.</param>
/// <param name="OldestAfter">The oldest story published at or after the window's end; null when none is.</param>
public sealed record PublishedNeighbours(DateTimeOffset? NewestBefore, DateTimeOffset? OldestAfter);
