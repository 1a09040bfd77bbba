using FeedHub.Core.Items;

namespace FeedHub.Storage.Sqlite;

/// <summary>The story assignments of one commit, before its items are written: lets a matcher
/// join two copies of one story that arrive in the same batch.</summary>
internal sealed class StoryBatch
{
    private readonly Dictionary<string, long> _storyByCanonicalLink = new(StringComparer.Ordinal);

    public List<NewStory> NewStories { get; } = [];

    public long? StoryWithCanonicalLink(string canonicalLink) =>
        _storyByCanonicalLink.TryGetValue(canonicalLink, out long storyId) ? storyId : null;

    public void Record(FeedItem item, long storyId)
    {
        if (!string.IsNullOrEmpty(item.CanonicalLink))
        {
            _storyByCanonicalLink.TryAdd(item.CanonicalLink, storyId);
        }
    }
}

/// <summary>A story row to create; its origin is filled in once its items exist.</summary>
internal sealed record NewStory(long Id, string? CanonicalLink, DateTimeOffset PublishedAt, DateTimeOffset FirstSeenAt);
