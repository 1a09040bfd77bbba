using Dapper;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;

namespace FeedHub.Storage.Stories;

internal sealed class StoryReader : IStoryReader
{
    private readonly StorageDatabase _database;

    public StoryReader(StorageDatabase database)
    {
        _database = database;
    }

    public async Task<IReadOnlyList<StoryEntry>> LatestStoriesAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        // Two queries over one snapshot: the origins of the newest stories, then every other
        // source's copy of those same stories.
        await using StorageSession session = await StorageSession.BeginReadAsync(_database, cancellationToken);
        List<OriginRow> origins = await session.QueryAsync<OriginRow>(
            $"""
            SELECT st.id AS story_id, st.first_seen_at AS story_first_seen_at,
                   i.source_id, s.url AS source_url, s.title AS source_title, s.feed_image_url AS source_image_url, {ItemRow.Columns}
            FROM stories st
            JOIN items i ON i.id = st.origin_item_id
            JOIN sources s ON s.id = i.source_id
            ORDER BY st.published_at DESC, st.id DESC
            {_database.Dialect.Limit("@Limit")}
            """,
            new { Limit = limit });
        List<CopyRow> copies = await session.QueryAsync<CopyRow>(
            $"""
            SELECT i.story_id, i.source_id, s.title AS source_title, s.url AS source_url, i.link
            FROM (SELECT id, origin_item_id FROM stories WHERE origin_item_id IS NOT NULL ORDER BY published_at DESC, id DESC {_database.Dialect.Limit("@Limit")}) AS st
            JOIN items origin ON origin.id = st.origin_item_id
            JOIN items i ON i.story_id = st.id AND i.source_id <> origin.source_id AND i.blocked_by IS NULL
            JOIN sources s ON s.id = i.source_id
            ORDER BY i.published_at, i.id
            """,
            new { Limit = limit });

        return ToEntries(origins, copies);
    }

    public async Task<StoryPage> QueryStoriesAsync(StoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);

        // The version and the stories come from one snapshot, so a page is never labelled with
        // a version older or newer than its content.
        await using StorageSession session = await StorageSession.BeginReadAsync(_database, cancellationToken);
        VersionRow version = await session.QuerySingleOrDefaultAsync<VersionRow>("SELECT version, changed_at FROM feed_version WHERE id = 1")
            ?? new VersionRow();
        (string sql, DynamicParameters parameters) = StoryQuerySql.Build(query, _database.Dialect);
        List<OriginRow> origins = await session.QueryAsync<OriginRow>(sql, parameters);
        StoryCursor? next = null;
        if (origins.Count > query.Limit)
        {
            origins.RemoveAt(origins.Count - 1);
            next = new StoryCursor(origins[^1].StoryPublishedAt, origins[^1].StoryId);
        }

        List<CopyRow> copies = origins.Count == 0 ? [] : await session.QueryAsync<CopyRow>(
            $"""
            SELECT i.story_id, i.source_id, s.title AS source_title, s.url AS source_url, i.link
            FROM stories st
            JOIN items origin ON origin.id = st.origin_item_id
            JOIN items i ON i.story_id = st.id AND i.source_id <> origin.source_id AND i.blocked_by IS NULL
            JOIN sources s ON s.id = i.source_id
            WHERE {_database.Dialect.InList("st.id", "@StoryIds")}
            ORDER BY i.published_at, i.id
            """,
            new { StoryIds = _database.Dialect.ListValue(origins.ConvertAll(o => o.StoryId)) });
        return new StoryPage(ToEntries(origins, copies), next, version.Version, version.ChangedAt ?? DateTimeOffset.UnixEpoch);
    }

    public async Task<PublishedNeighbours> PublishedAroundAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        // Two index seeks on ix_stories_published_at, in one snapshot; stories merged away
        // (no origin) are not in the feeds.
        await using StorageSession session = await StorageSession.BeginReadAsync(_database, cancellationToken);
        DateTimeOffset? before = await session.QuerySingleOrDefaultAsync<DateTimeOffset?>(
            $"SELECT published_at FROM stories WHERE published_at < @From AND origin_item_id IS NOT NULL ORDER BY published_at DESC {_database.Dialect.Limit("1")}", new { From = from });
        DateTimeOffset? after = await session.QuerySingleOrDefaultAsync<DateTimeOffset?>(
            $"SELECT published_at FROM stories WHERE published_at >= @Until AND origin_item_id IS NOT NULL ORDER BY published_at {_database.Dialect.Limit("1")}", new { Until = until });
        return new PublishedNeighbours(before, after);
    }

    public async Task<long> GetChangeVersionAsync(CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(_database, cancellationToken);
        return await ChangeVersion.ReadAsync(session);
    }

    private static List<StoryEntry> ToEntries(List<OriginRow> origins, List<CopyRow> copies)
    {
        Dictionary<long, List<StoryCopy>> copiesByStory = [];
        foreach (CopyRow copy in copies)
        {
            if (!copiesByStory.TryGetValue(copy.StoryId, out List<StoryCopy>? list))
            {
                list = [];
                copiesByStory[copy.StoryId] = list;
            }

            // One entry per republishing source, its earliest copy.
            if (!list.Exists(existing => existing.SourceId == copy.SourceId))
            {
                list.Add(new StoryCopy(copy.SourceId, copy.SourceTitle, copy.SourceUrl, copy.Link));
            }
        }

        return origins.ConvertAll(origin => new StoryEntry
        {
            StoryId = origin.StoryId,
            Item = origin.ToFeedItem(),
            SourceId = origin.SourceId,
            SourceUrl = origin.SourceUrl,
            SourceTitle = origin.SourceTitle,
            SourceImageUrl = origin.SourceImageUrl,
            FirstSeenAt = origin.StoryFirstSeenAt,
            AlsoPublishedBy = copiesByStory.TryGetValue(origin.StoryId, out List<StoryCopy>? storyCopies) ? storyCopies : [],
        });
    }

    private sealed class VersionRow
    {
        public long Version { get; set; }
        public DateTimeOffset? ChangedAt { get; set; }
    }

    private sealed class OriginRow : ItemRow
    {
        public long StoryId { get; set; }
        public DateTimeOffset StoryFirstSeenAt { get; set; }
        public DateTimeOffset StoryPublishedAt { get; set; }
        public long SourceId { get; set; }
        public string SourceUrl { get; set; } = "";
        public string? SourceTitle { get; set; }
        public string? SourceImageUrl { get; set; }
    }

    private sealed class CopyRow
    {
        public long StoryId { get; set; }
        public long SourceId { get; set; }
        public string? SourceTitle { get; set; }
        public string SourceUrl { get; set; } = "";
        public string? Link { get; set; }
    }
}
