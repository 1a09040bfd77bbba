using FeedHub.Core.Items;

namespace FeedHub.Storage.Sqlite;

/// <summary>Decides which story each newly stored item joins: the first matcher that recognises
/// it wins, otherwise the item starts a story of its own. Matchers run in tier order; the
/// near-duplicate tier (SimHash within a time window) is one more matcher after the link one.</summary>
internal sealed class StoryAssigner
{
    private readonly IReadOnlyList<IStoryMatcher> _matchers;

    public StoryAssigner(IReadOnlyList<IStoryMatcher> matchers)
    {
        _matchers = matchers;
    }

    public static StoryAssigner CreateDefault() => new([new SameCanonicalLinkMatcher()]);

    /// <summary>Returns the story id of each item, in order, after creating the new stories.
    /// Must run inside a write transaction.</summary>
    public async Task<long[]> AssignAsync(SqliteSession session, IReadOnlyList<FeedItem> items, DateTimeOffset now)
    {
        var batch = new StoryBatch();
        var storyIds = new long[items.Count];

        // New ids are handed out here rather than by the inserts: the immediate transaction holds
        // the only write lock, so nobody else can take them, and the inserts can run as one
        // prepared command after every item has its story.
        long nextId = await session.ExecuteScalarAsync<long>("SELECT coalesce(max(id), 0) + 1 FROM stories");
        for (int i = 0; i < items.Count; i++)
        {
            FeedItem item = items[i];
            long? storyId = null;
            foreach (IStoryMatcher matcher in _matchers)
            {
                storyId = await matcher.FindStoryAsync(session, item, batch);
                if (storyId is not null)
                {
                    break;
                }
            }

            if (storyId is null)
            {
                storyId = nextId++;
                batch.NewStories.Add(new NewStory(storyId.Value, item.CanonicalLink, item.PublishedAt, now));
            }

            storyIds[i] = storyId.Value;
            batch.Record(item, storyId.Value);
        }

        await session.ExecuteAsync(
            """
            INSERT INTO stories (id, canonical_link, published_at, first_seen_at, updated_at)
            VALUES (@Id, @CanonicalLink, @PublishedAt, @FirstSeenAt, @FirstSeenAt)
            """,
            batch.NewStories);
        return storyIds;
    }
}
