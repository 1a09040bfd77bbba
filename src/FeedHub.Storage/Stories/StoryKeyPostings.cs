using FeedHub.Core.Stories;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Stories;

/// <summary>A posting: a story carries the key through a copy published then.</summary>
internal readonly record struct StoryPosting(long StoryId, DateTimeOffset PublishedAt);

/// <summary>The stored postings of a batch's keys within a window, read with a bound per key: a
/// key is read only until it turns out common (<see cref="CommonKey"/>), so formula text carried by
/// thousands of items costs a few dozen rows instead of thousands, and what is kept of it is nothing.
/// SQLite runs one prepared statement per key and stops reading at the posting that decides;
/// PostgreSQL and SQL Server read every key in one statement, each key's rows limited by a LATERAL
/// join (CROSS APPLY), and decide the same from the same rows.</summary>
internal static class StoryKeyPostings
{
    // KEY is reserved in T-SQL: quoted. The (key, published_at) primary key makes each key one range seek,
    // already in published_at order; newest first, so that the postings that show a key common stay
    // inside the windows of the next polls (CommonKeyWitnesses), which move forward in time.
    private const string PerKeySql =
        "SELECT story_id, published_at FROM story_keys WHERE \"key\" = @Key AND published_at BETWEEN @From AND @Until ORDER BY published_at DESC LIMIT @Limit";

    public static async Task<(Dictionary<long, List<StoryPosting>> Postings, HashSet<long> Common)> ReadAsync(
        StorageSession session, IEnumerable<long> keys, DateTimeOffset from, DateTimeOffset until, StoryOptions options, CommonKeyWitnesses witnesses, DateTimeOffset now)
    {
        var builders = new Dictionary<long, KeyPostings>();
        var common = new HashSet<long>();
        List<long> toRead = [];
        foreach (long key in keys)
        {
            if (!common.Contains(key) && !builders.ContainsKey(key))
            {
                if (witnesses.ShowCommon(key, from, until, now, options))
                {
                    common.Add(key);
                }
                else
                {
                    builders[key] = new KeyPostings(options);
                    toRead.Add(key);
                }
            }
        }

        // One row past the item bound is enough to know the key is common.
        int limit = options.MaxItemsPerKey + 1;
        if (session.Dialect.Provider == StorageProvider.Sqlite)
        {
            foreach (long key in toRead)
            {
                KeyPostings builder = builders[key];
                var parameters = new { Key = key, From = from, Until = until, Limit = limit };
                if (!session.TryQueryEachPrepared(PerKeySql, parameters, row => builder.Add(row.Int64(0), row.Timestamp(1))))
                {
                    foreach (PostingRow row in await session.QueryAsync<PostingRow>(PerKeySql, parameters))
                    {
                        builder.Add(row.StoryId, row.PublishedAt);
                    }
                }
            }
        }
        else if (toRead.Count > 0)
        {
            string perKey =
                $"SELECT s.story_id, s.published_at FROM story_keys s WHERE s.\"key\" = k.value AND s.published_at BETWEEN @From AND @Until ORDER BY s.published_at DESC {session.Dialect.Limit("@Limit")}";
            List<PostingRow> rows = await session.QueryAsync<PostingRow>(
                $"SELECT k.value AS \"key\", p.story_id, p.published_at FROM {session.Dialect.ApplyToIntegerList("@Keys", "k", perKey, "p")}",
                new { Keys = session.Dialect.ListValue(toRead), From = from, Until = until, Limit = limit });
            foreach (PostingRow row in rows)
            {
                // Only keys asked for come back; a row of another is none of this batch's business.
                if (builders.TryGetValue(row.Key, out KeyPostings? builder))
                {
                    builder.Add(row.StoryId, row.PublishedAt);
                }
            }
        }

        var postings = new Dictionary<long, List<StoryPosting>>();
        foreach ((long key, KeyPostings builder) in builders)
        {
            if (builder.IsCommon)
            {
                common.Add(key);
                if (builder.Witness is { } witness)
                {
                    witnesses.Remember(key, witness, now);
                }
            }
            else if (builder.Postings.Count > 0)
            {
                postings[key] = builder.Postings;
            }
        }

        return (postings, common);
    }

    /// <summary>One key's postings as they are read, until they make it common.</summary>
    private sealed class KeyPostings(StoryOptions options)
    {
        // The first posting read of each story: newest first, as read.
        private readonly Dictionary<long, StoryPosting> _stories = [];

        public List<StoryPosting> Postings { get; } = [];

        public bool IsCommon { get; private set; }

        /// <summary>When the number of stories made the key common: one posting per story.</summary>
        public StoryPosting[]? Witness { get; private set; }

        /// <summary>Adds a posting; false once the key is common (no further posting changes that).</summary>
        public bool Add(long storyId, DateTimeOffset publishedAt)
        {
            if (IsCommon)
            {
                return false;
            }

            var posting = new StoryPosting(storyId, publishedAt);
            Postings.Add(posting);
            _stories.TryAdd(storyId, posting);
            if (CommonKey.Is(Postings.Count, _stories.Count, options))
            {
                IsCommon = true;
                if (CommonKey.Is(0, _stories.Count, options))
                {
                    Witness = [.. _stories.Values];
                }

                Postings.Clear();
                return false;
            }

            return true;
        }
    }

    private sealed class PostingRow
    {
        public long Key { get; set; }
        public long StoryId { get; set; }
        public DateTimeOffset PublishedAt { get; set; }
    }
}
