using FeedHub.Core.Links;
using FeedHub.Core.Storage;

namespace FeedHub.Core.Storage;

/// <summary>Reads stories for the merged feeds.</summary>
public interface IStoryReader
{
    /// <summary>Newest stories first by publish time (ties broken by story id, descending).</summary>
    Task<IReadOnlyList<StoryEntry>> LatestStoriesAsync(int limit, CancellationToken cancellationToken);

    /// <summary>A counter that grows with every commit changing what the merged feeds show;
    /// feed ETags derive from it.</summary>
    Task<long> GetChangeVersionAsync(CancellationToken cancellationToken);

    /// <summary>One page of the stories <paramref name="query"/> selects, newest first by publish
    /// time (ties by story id, descending), with the change version of the snapshot it was read from.</summary>
    Task<StoryPage> QueryStoriesAsync(StoryQuery query, CancellationToken cancellationToken);

    /// <summary>The publish times of the stories nearest to [<paramref name="from"/>, <paramref name="until"/>):
    /// the newest published before it and the oldest published at or after its end, for archive links.</summary>
    Task<PublishedNeighbours> PublishedAroundAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken);
}
