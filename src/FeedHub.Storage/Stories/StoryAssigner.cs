using FeedHub.Core.Items;
using FeedHub.Core.Stories;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Stories;

/// <summary>Stores new items into stories: for each item, loads candidate stories through the
/// key index (and its canonical link), asks the Core decision (<see cref="StoryMatcher"/>), then
/// writes the answer — a new story or the joined one — with the item and its keys. No matching
/// rule lives here.
/// Concurrency: before the first candidate is read, the session takes
/// <see cref="SessionLock.StoryAssignment"/> (on SQLite the refresh's BEGIN IMMEDIATE already
/// holds the only write lock). Two refreshes carrying copies of
/// one release therefore assign one after the other, and the second sees the first's story and
/// keys: a story is never split or duplicated by a race.</summary>
internal sealed class StoryAssigner
{
    private readonly StoryOptions _options;
    private readonly StoryMatcher _matcher;
    private readonly StoryFeatureCache _features;
    private readonly CommonKeyWitnesses _commonKeys = new();

    public StoryAssigner(StoryOptions options)
    {
        _options = options;
        _matcher = new StoryMatcher(options);
        _features = new StoryFeatureCache(options.FeatureCacheMegabytes * 1024L * 1024);
    }

    /// <summary>The features of the texts this assigner has seen (tests look at how it reads).</summary>
    internal StoryFeatureCache Features => _features;

    /// <summary>Documents with this many new entries or more are prepared in parallel.</summary>
    private const int ParallelFrom = 64;

    /// <summary>Each item's matching text, with its features cached, and its folded search text:
    /// pure work done before the write, so that it runs in parallel polls (and, for a large
    /// batch, on every core) rather than under SQLite's one write lock.</summary>
    public PreparedTexts Prepare(IReadOnlyList<FeedItem> items)
    {
        var texts = new Dictionary<string, PreparedText>(items.Count, StringComparer.Ordinal);
        var first = new List<FeedItem>(items.Count);
        foreach (FeedItem item in items)
        {
            if (texts.TryAdd(item.ItemKey, default!))
            {
                first.Add(item);
            }
        }

        var prepared = new PreparedText[first.Count];
        if (first.Count >= ParallelFrom)
        {
            Parallel.For(0, first.Count, i => prepared[i] = PrepareOne(first[i]));
        }
        else
        {
            for (int i = 0; i < first.Count; i++)
            {
                prepared[i] = PrepareOne(first[i]);
            }
        }

        for (int i = 0; i < first.Count; i++)
        {
            texts[first[i].ItemKey] = prepared[i];
        }

        return new PreparedTexts(texts);
    }

    private PreparedText PrepareOne(FeedItem item)
    {
        StoryText text = NewItemTexts.Read(item.Title, item.Summary, item.ContentHtml, out string searchText);
        _features.Get(text.MatchText);
        return new PreparedText(item, text, searchText);
    }

    /// <summary>Assigns and inserts <paramref name="items"/> of one source in order, so a later
    /// item of the batch can join the story of an earlier one. <paramref name="insert"/> writes the
    /// item row and returns its id. Returns the story id of each item.</summary>
    public async Task<long[]> AddAsync(
        StorageSession session,
        long sourceId,
        IReadOnlyList<FeedItem> items,
        DateTimeOffset now,
        Func<FeedItem, PlacedItem, Task<long>> insert,
        PreparedTexts? prepared = null)
    {
        var storyIds = new long[items.Count];
        if (items.Count == 0)
        {
            return storyIds;
        }

        List<StoryText> texts = items.Select(item => prepared?.Find(item) ?? TextOf(item)).ToList();
        SourceBoilerplate boilerplate = await LearnBoilerplateAsync(session, sourceId, texts);
        List<StoryFeatures> features = texts.ConvertAll(text => _features.Get(text.MatchText));
        List<List<long>> keys = features.ConvertAll(itemFeatures => StoryKeys.For(itemFeatures, boilerplate, _options.KeySamplingRate));
        await session.Dialect.LockAsync(session, SessionLock.StoryAssignment);
        StoryCandidateIndex index = await StoryCandidateIndex.LoadAsync(session, items, keys, _options, _features, _commonKeys, now);
        var postings = new List<long[]>();
        for (int i = 0; i < items.Count; i++)
        {
            FeedItem item = items[i];
            IReadOnlyList<CandidateStory> candidates = await index.CandidatesAsync(session, item, keys[i]);
            StoryDecision decision = _matcher.Decide(new IncomingItem(sourceId, item.CanonicalLink, item.PublishedAt, features[i], boilerplate), candidates);
            long storyId = decision.StoryId ?? await CreateStoryAsync(session, item.CanonicalLink, item.PublishedAt, now);
            long itemId = await insert(item, new PlacedItem(storyId, decision, texts[i]));

            // Its next polls learn boilerplate from it, and its story's next copies read it as a
            // candidate: the text it is stored with is this one, under this content hash.
            _features.AddStored(itemId, item.ContentHash, texts[i].MatchText);
            index.Add(item, new StoryMember(itemId, sourceId, item.CanonicalLink, item.PublishedAt, features[i]), storyId, keys[i], startedStory: decision.StoryId is null);
            foreach (long key in keys[i])
            {
                // Formula text (a key more stories carry in this item's window than a key may)
                // finds no candidates there, and one more posting would not change that: it is not
                // written. At 10,000 sources that was over 40 % of the postings, each a write to a
                // random leaf of story_keys (docs/stories.md, "Postings of common keys").
                if (!index.ShowsCommon(key, item.PublishedAt))
                {
                    postings.Add([key, itemId, storyId]);
                }
            }

            storyIds[i] = storyId;
        }

        await WriteKeysAsync(session, postings);
        return storyIds;
    }

    /// <summary>A revision keeps its story; its matching text and keys follow the new text. A
    /// revision whose matching text and credits are those stored (a new link, markup, categories)
    /// keeps its keys: only their publish time follows the item's, as postings carry it. Keys are
    /// worked out again, with the source's boilerplate learned again, only for changed texts.</summary>
    public async Task ReindexAsync(StorageSession session, long sourceId, IReadOnlyList<StoredRevision> revisions, PreparedTexts? prepared = null)
    {
        if (revisions.Count == 0)
        {
            return;
        }

        List<StoryText> texts = revisions.Select(revision => prepared?.Find(revision.Item) ?? TextOf(revision.Item)).ToList();
        Dictionary<long, StoredMatch> stored = (await session.QueryAsync<StoredMatch>(
                $"SELECT id, match_text, credits FROM items WHERE {session.Dialect.InList("id", "@Ids")}",
                new { Ids = session.Dialect.ListValue(revisions.Select(revision => revision.ItemId).ToList()) }))
            .ToDictionary(row => row.Id);
        string[] credits = texts.ConvertAll(text => Mapping.JsonColumns.FromStrings(text.Credits)).ToArray();
        List<int> changed = [];
        for (int i = 0; i < revisions.Count; i++)
        {
            StoredRevision revision = revisions[i];
            if (!stored.TryGetValue(revision.ItemId, out StoredMatch? before)
                || !string.Equals(before.MatchText, texts[i].MatchText, StringComparison.Ordinal)
                || !string.Equals(before.Credits, credits[i], StringComparison.Ordinal))
            {
                changed.Add(i);
                continue;
            }

            // The copy is read again under its new content hash: remembered with the same text.
            _features.AddStored(revision.ItemId, revision.Item.ContentHash, texts[i].MatchText);
            if (revision.StoredPublishedAt != revision.Item.PublishedAt)
            {
                await session.ExecuteAsync(
                    "UPDATE story_keys SET published_at = (SELECT published_at FROM items WHERE id = @Id) WHERE item_id = @Id",
                    new { Id = revision.ItemId });
            }
        }

        if (changed.Count == 0)
        {
            return;
        }

        SourceBoilerplate boilerplate = await LearnBoilerplateAsync(session, sourceId, texts);
        foreach (int i in changed)
        {
            (long itemId, long storyId, FeedItem item, _, _) = revisions[i];
            await session.ExecuteAsync(
                "UPDATE items SET match_text = @MatchText, credits = @Credits WHERE id = @Id",
                new { Id = itemId, texts[i].MatchText, Credits = credits[i] });
            await session.ExecuteAsync("DELETE FROM story_keys WHERE item_id = @Id", new { Id = itemId });
            List<long> keys = StoryKeys.For(_features.AddStored(itemId, item.ContentHash, texts[i].MatchText).Features, boilerplate, _options.KeySamplingRate);
            await WriteKeysAsync(session, keys.ConvertAll(key => new[] { key, itemId, storyId }));
        }
    }

    private sealed class StoredMatch
    {
        public long Id { get; set; }
        public string? MatchText { get; set; }
        public string Credits { get; set; } = "[]";
    }

    private static StoryText TextOf(FeedItem item) => StoryText.From(item.Title, item.ContentHtml ?? item.Summary);

    /// <summary>The source's boilerplate, learned from its latest stored items and this batch
    /// (identical texts count once). A stored item's features are computed only when they are not
    /// cached by id and content hash: the same 60 items teach every poll of the source. Their texts
    /// come in the same read as their ids while the cache holds few of the copies read
    /// (<see cref="StoryFeatureCache.ReadTextsAlong"/>), else only for the items it does not hold.</summary>
    internal async Task<SourceBoilerplate> LearnBoilerplateAsync(StorageSession session, long sourceId, List<StoryText> batch)
    {
        bool textsAlong = _features.ReadTextsAlong;
        // Sent on every poll that stores a new item: prepared once per connection on SQLite.
        List<RecentRow> recent = await session.QueryAllPreparedAsync<RecentRow>(
            $"SELECT id, content_hash{(textsAlong ? ", match_text" : "")} FROM items WHERE source_id = @SourceId AND match_text IS NOT NULL ORDER BY id DESC {session.Dialect.Limit("@Limit")}",
            new { SourceId = sourceId, Limit = _options.BoilerplateHistory });
        var stored = new Dictionary<long, StoredText>(recent.Count);
        List<long> unread = [];
        int found = 0;
        foreach (RecentRow row in recent)
        {
            // A remembered item keeps the text it was remembered with: its content hash is unchanged.
            if (_features.TryGetStored(row.Id, row.ContentHash, out StoredText? text))
            {
                stored[row.Id] = text;
                found++;
            }
            else if (row.MatchText is not null)
            {
                stored[row.Id] = _features.AddStored(row.Id, row.ContentHash, row.MatchText);
            }
            else
            {
                unread.Add(row.Id);
            }
        }

        _features.RecordStoredReads(found, recent.Count);
        if (unread.Count > 0)
        {
            var hashes = recent.ToDictionary(row => row.Id, row => row.ContentHash);
            foreach (TextRow row in await session.QueryAsync<TextRow>(
                $"SELECT id, match_text FROM items WHERE {session.Dialect.InList("id", "@Ids")} AND match_text IS NOT NULL",
                new { Ids = session.Dialect.ListValue(unread) }))
            {
                stored[row.Id] = _features.AddStored(row.Id, hashes[row.Id], row.MatchText);
            }
        }

        var seen = new HashSet<DistinctText>();
        var features = new List<StoryFeatures>(stored.Count + batch.Count);
        foreach (RecentRow row in recent)
        {
            if (stored.TryGetValue(row.Id, out StoredText? text) && seen.Add(new DistinctText(text.TextHash, text.Text)))
            {
                features.Add(text.Features);
            }
        }

        foreach (StoryText text in batch)
        {
            if (seen.Add(new DistinctText(StringComparer.Ordinal.GetHashCode(text.MatchText), text.MatchText)))
            {
                features.Add(_features.Get(text.MatchText));
            }
        }

        return SourceBoilerplate.Learn(features, _options.BoilerplateMinItems);
    }

    /// <summary>A text compared by content, hashed by the hash it carries.</summary>
    private readonly record struct DistinctText(int Hash, string Text)
    {
        public bool Equals(DistinctText other) => Hash == other.Hash && string.Equals(Text, other.Text, StringComparison.Ordinal);

        public override int GetHashCode() => Hash;
    }

    private sealed class RecentRow
    {
        public long Id { get; set; }
        public string ContentHash { get; set; } = "";
        public string? MatchText { get; set; }
    }

    private sealed class TextRow
    {
        public long Id { get; set; }
        public string MatchText { get; set; } = "";
    }

    /// <summary>A new story with the item's link and publish time; also used by an admin's split.</summary>
    internal static Task<long> CreateStoryAsync(StorageSession session, string? canonicalLink, DateTimeOffset publishedAt, DateTimeOffset now) =>
        session.ExecuteScalarAsync<long>(
            session.Dialect.InsertStoryReturningId("canonical_link, published_at, first_seen_at, updated_at", "@CanonicalLink, @PublishedAt, @Now, @Now"),
            new { CanonicalLink = canonicalLink, PublishedAt = publishedAt, Now = now });

    /// <summary>One statement for all keys of the batch: [key, item id, story id] triples, with
    /// the publish time of the item (matched by id) so the window can be a range seek. A key
    /// already present (the same item and time) is kept.</summary>
    private static Task WriteKeysAsync(StorageSession session, List<long[]> postings) =>
        postings.Count == 0
            ? Task.CompletedTask
            : session.ExecuteAsync(
                session.Dialect.InsertIgnoringDuplicates(
                    "story_keys",
                    "key, published_at, item_id, story_id",
                    $"""
                    SELECT p."key", i.published_at, i.id, p.story_id
                    FROM {session.Dialect.IntegerRows("@Postings", "key", "item_id", "story_id")} AS p
                    JOIN items i ON i.id = p.item_id
                    WHERE 1 = 1
                    """,
                    "key, published_at, item_id"),
                new { Postings = session.Dialect.RowsValue(postings) });
}

/// <summary>Matching and search texts worked out ahead of a write, by item key.</summary>
internal sealed class PreparedTexts(Dictionary<string, PreparedText> texts)
{
    public StoryText? Find(FeedItem item) => texts.GetValueOrDefault(item.ItemKey)?.Story;

    /// <summary>The item's folded search text, if it was prepared from this very item.</summary>
    public string? SearchText(FeedItem item) =>
        texts.GetValueOrDefault(item.ItemKey) is { } text && ReferenceEquals(text.Item, item) ? text.Search : null;
}

/// <summary>One item's texts, prepared ahead of the write.</summary>
internal sealed record PreparedText(FeedItem Item, StoryText Story, string Search);

/// <summary>A stored item and its revision: the item as now listed, and what the row held before
/// it (the publish time its story keys carry, the categories its tags were made from: null when
/// it has no tags yet, being stored before the search index and not indexed since).</summary>
internal sealed record StoredRevision(long ItemId, long StoryId, FeedItem Item, DateTimeOffset StoredPublishedAt, string? StoredCategories);

/// <summary>Where a new item goes and why, and the matching text stored with it.</summary>
internal sealed record PlacedItem(long StoryId, StoryDecision Decision, StoryText Text);
