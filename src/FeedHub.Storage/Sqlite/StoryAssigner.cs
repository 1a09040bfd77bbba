using System.Text.Json;
using FeedHub.Core.Items;
using FeedHub.Core.Stories;

namespace FeedHub.Storage.Sqlite;

/// <summary>Stores new items into stories: for each item, loads candidate stories through the
/// key index (and its canonical link), asks the Core decision (<see cref="StoryMatcher"/>), then
/// writes the answer — a new story or the joined one — with the item and its keys. No matching
/// rule lives here.
/// Concurrency: it runs inside the refresh's BEGIN IMMEDIATE transaction, which holds SQLite's
/// only write lock from before the first candidate is read until the commit. Two refreshes
/// carrying copies of one release therefore assign one after the other, and the second sees the
/// first's story and keys: a story is never split or duplicated by a race.</summary>
internal sealed class StoryAssigner
{
    private readonly StoryOptions _options;
    private readonly StoryMatcher _matcher;
    private readonly StoryFeatureCache _features = new();

    public StoryAssigner(StoryOptions options)
    {
        _options = options;
        _matcher = new StoryMatcher(options);
    }

    /// <summary>Assigns and inserts <paramref name="items"/> of one source in order, so a later
    /// item of the batch can join the story of an earlier one. <paramref name="insert"/> writes the
    /// item row and returns its id. Returns the story id of each item.</summary>
    public async Task<long[]> AddAsync(
        SqliteSession session,
        long sourceId,
        IReadOnlyList<FeedItem> items,
        DateTimeOffset now,
        Func<FeedItem, PlacedItem, Task<long>> insert)
    {
        var storyIds = new long[items.Count];
        if (items.Count == 0)
        {
            return storyIds;
        }

        List<StoryText> texts = items.Select(item => StoryText.From(item.Title, item.ContentHtml ?? item.Summary)).ToList();
        SourceBoilerplate boilerplate = await LearnBoilerplateAsync(session, sourceId, texts);
        List<StoryFeatures> features = texts.ConvertAll(text => _features.Get(text.MatchText));
        List<List<long>> keys = features.ConvertAll(itemFeatures => StoryKeys.For(itemFeatures, boilerplate, _options.KeySamplingRate));
        StoryCandidateIndex index = await StoryCandidateIndex.LoadAsync(session, items, keys.SelectMany(itemKeys => itemKeys), _options, _features);
        var postings = new List<long[]>();
        for (int i = 0; i < items.Count; i++)
        {
            FeedItem item = items[i];
            IReadOnlyList<CandidateStory> candidates = await index.CandidatesAsync(session, item, keys[i]);
            StoryDecision decision = _matcher.Decide(new IncomingItem(sourceId, item.CanonicalLink, item.PublishedAt, features[i], boilerplate), candidates);
            long storyId = decision.StoryId ?? await CreateStoryAsync(session, item.CanonicalLink, item.PublishedAt, now);
            long itemId = await insert(item, new PlacedItem(storyId, decision, texts[i]));
            index.Add(item, new StoryMember(itemId, sourceId, item.CanonicalLink, item.PublishedAt, features[i]), storyId, keys[i]);
            foreach (long key in keys[i])
            {
                postings.Add([key, itemId, storyId]);
            }

            storyIds[i] = storyId;
        }

        await WriteKeysAsync(session, postings);
        return storyIds;
    }

    /// <summary>A revision keeps its story; its matching text and keys follow the new text.</summary>
    public async Task ReindexAsync(SqliteSession session, long sourceId, IReadOnlyList<(long ItemId, long StoryId, FeedItem Item)> revisions)
    {
        if (revisions.Count == 0)
        {
            return;
        }

        List<StoryText> texts = revisions.Select(revision => StoryText.From(revision.Item.Title, revision.Item.ContentHtml ?? revision.Item.Summary)).ToList();
        SourceBoilerplate boilerplate = await LearnBoilerplateAsync(session, sourceId, texts);
        for (int i = 0; i < revisions.Count; i++)
        {
            (long itemId, long storyId, FeedItem item) = revisions[i];
            await session.ExecuteAsync(
                "UPDATE items SET match_text = @MatchText, credits = @Credits WHERE id = @Id",
                new { Id = itemId, texts[i].MatchText, Credits = Mapping.JsonColumns.FromStrings(texts[i].Credits) });
            await session.ExecuteAsync("DELETE FROM story_keys WHERE item_id = @Id", new { Id = itemId });
            List<long> keys = StoryKeys.For(_features.Get(texts[i].MatchText), boilerplate, _options.KeySamplingRate);
            await WriteKeysAsync(session, keys.ConvertAll(key => new[] { key, itemId, storyId }));
        }
    }

    /// <summary>The source's boilerplate, learned from its latest stored items and this batch.</summary>
    private async Task<SourceBoilerplate> LearnBoilerplateAsync(SqliteSession session, long sourceId, List<StoryText> batch)
    {
        List<string> recent = await session.QueryAsync<string>(
            "SELECT match_text FROM items WHERE source_id = @SourceId AND match_text IS NOT NULL ORDER BY id DESC LIMIT @Limit",
            new { SourceId = sourceId, Limit = _options.BoilerplateHistory });
        recent.AddRange(batch.Select(text => text.MatchText));
        return SourceBoilerplate.Learn(recent.Distinct(StringComparer.Ordinal).Select(text => _features.Get(text).Shingles), _options.BoilerplateMinItems);
    }

    /// <summary>A new story with the item's link and publish time; also used by an admin's split.</summary>
    internal static Task<long> CreateStoryAsync(SqliteSession session, string? canonicalLink, DateTimeOffset publishedAt, DateTimeOffset now) =>
        // The id comes from the engine's AUTOINCREMENT sequence: never max(id)+1, never reused.
        session.ExecuteScalarAsync<long>(
            """
            INSERT INTO story_ids DEFAULT VALUES;
            INSERT INTO stories (id, canonical_link, published_at, first_seen_at, updated_at)
            VALUES (last_insert_rowid(), @CanonicalLink, @PublishedAt, @Now, @Now)
            RETURNING id;
            """,
            new { CanonicalLink = canonicalLink, PublishedAt = publishedAt, Now = now });

    /// <summary>One statement for all keys of the batch: [key, item id, story id] triples, with
    /// the publish time of the item (matched by id) so the window can be a range seek.</summary>
    private static Task WriteKeysAsync(SqliteSession session, List<long[]> postings) =>
        session.ExecuteAsync(
            """
            INSERT OR IGNORE INTO story_keys (key, published_at, item_id, story_id)
            SELECT json_extract(p.value, '$[0]'), i.published_at, i.id, json_extract(p.value, '$[2]')
            FROM json_each(@Postings) AS p
            JOIN items i ON i.id = json_extract(p.value, '$[1]')
            """,
            new { Postings = JsonSerializer.Serialize(postings) });
}

/// <summary>Where a new item goes and why, and the matching text stored with it.</summary>
internal sealed record PlacedItem(long StoryId, StoryDecision Decision, StoryText Text);
