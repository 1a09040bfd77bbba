using FeedHub.Core.Items;
using FeedHub.Core.Stories;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Stories;

/// <summary>The candidate stories of one commit's items: the stored key postings and canonical
/// links of the whole batch are read in two queries, the items placed earlier in the batch are
/// added in memory, and a story's copies are loaded once when it first becomes a candidate:
/// from one read ahead of the batch for the stored stories the stored postings point to, from
/// memory for a story the batch started, from the database for any other.
/// Candidates of an item are the stories sharing most of its keys within the candidate window,
/// plus the story of a copy with its canonical link. A common key (<see cref="CommonKey"/>: formula
/// text carried by many stories) finds none and is read only as far as it takes to know it is common.</summary>
internal sealed class StoryCandidateIndex
{
    private readonly StoryOptions _options;
    private readonly Dictionary<long, List<StoryPosting>> _postings;
    private readonly HashSet<long> _common;
    private readonly Dictionary<string, long> _storyByLink;
    private readonly Dictionary<long, List<StoryMember>> _members = [];
    private readonly Dictionary<long, List<StoryMember>> _readAhead = [];

    private readonly StoryFeatureCache _features;
    private readonly CommonKeyWitnesses _witnesses;
    private readonly DateTimeOffset _now;

    private StoryCandidateIndex(StoryOptions options, Dictionary<long, List<StoryPosting>> postings, HashSet<long> common, Dictionary<string, long> storyByLink, StoryFeatureCache features, CommonKeyWitnesses witnesses, DateTimeOffset now)
    {
        _common = common;
        _options = options;
        _features = features;
        _postings = postings;
        _storyByLink = storyByLink;
        _witnesses = witnesses;
        _now = now;
    }

    /// <summary>Reads the batch's postings and links, then the copies of the stories they point
    /// to (<paramref name="keys"/> holds each item's keys, by position).</summary>
    public static async Task<StoryCandidateIndex> LoadAsync(StorageSession session, IReadOnlyList<FeedItem> items, IReadOnlyList<List<long>> keys, StoryOptions options, StoryFeatureCache features, CommonKeyWitnesses witnesses, DateTimeOffset now)
    {
        var storyByLink = new Dictionary<string, long>(StringComparer.Ordinal);
        if (items.Count == 0)
        {
            return new StoryCandidateIndex(options, [], [], storyByLink, features, witnesses, now);
        }

        (Dictionary<long, List<StoryPosting>> postings, HashSet<long> common) = await StoryKeyPostings.ReadAsync(
            session,
            keys.SelectMany(itemKeys => itemKeys),
            items.Min(item => item.PublishedAt) - options.CandidateWindow,
            items.Max(item => item.PublishedAt) + options.CandidateWindow,
            options,
            witnesses,
            now);

        string[] links = [.. items.Select(item => item.CanonicalLink).OfType<string>().Where(link => link.Length > 0).Distinct(StringComparer.Ordinal)];
        if (links.Length > 0)
        {
            // This read and the copies' read below are sent for every new item: prepared once per
            // connection on SQLite (a list is one JSON parameter there, so their text never varies).
            List<LinkRow> linked = await session.QueryAllPreparedAsync<LinkRow>(
                $"SELECT canonical_link, story_id FROM items WHERE {session.Dialect.InList("canonical_link", "@Links")} ORDER BY id",
                new { Links = session.Dialect.ListValue(links) });
            foreach (LinkRow row in linked)
            {
                storyByLink.TryAdd(row.CanonicalLink, row.StoryId);
            }
        }

        var index = new StoryCandidateIndex(options, postings, common, storyByLink, features, witnesses, now);
        await index.ReadAheadAsync(session, items, keys);
        return index;
    }

    public async Task<IReadOnlyList<CandidateStory>> CandidatesAsync(StorageSession session, FeedItem item, List<long> keys)
    {
        var storyIds = new List<long>();
        if (!string.IsNullOrEmpty(item.CanonicalLink) && _storyByLink.TryGetValue(item.CanonicalLink, out long linked))
        {
            storyIds.Add(linked);
        }

        storyIds.AddRange(Ranked(item, keys));
        await LoadMembersAsync(session, storyIds);
        return storyIds.Distinct().Select(id => new CandidateStory(id, _members[id])).ToList();
    }

    /// <summary>The stories sharing most of the item's keys within its window, best first.</summary>
    private IEnumerable<long> Ranked(FeedItem item, List<long> keys)
    {
        // Each shared key counts 1/n for a key n stories carry: a key from template text, found in
        // every release of a kind, must not push the one story sharing rare keys out of the list.
        var weights = new Dictionary<long, double>();
        DateTimeOffset from = item.PublishedAt - _options.CandidateWindow;
        DateTimeOffset until = item.PublishedAt + _options.CandidateWindow;
        var carriers = new HashSet<long>();
        foreach (long key in keys)
        {
            if (!_postings.TryGetValue(key, out List<StoryPosting>? list))
            {
                continue;
            }

            carriers.Clear();
            int items = 0;
            foreach (StoryPosting posting in list)
            {
                if (posting.PublishedAt >= from && posting.PublishedAt <= until)
                {
                    items++;
                    carriers.Add(posting.StoryId);
                }
            }

            // The batch's own items can make a key common after it was read.
            if (CommonKey.Is(items, carriers.Count, _options))
            {
                continue;
            }

            foreach (long story in carriers)
            {
                weights[story] = weights.GetValueOrDefault(story) + (1.0 / carriers.Count);
            }
        }

        return weights
            .OrderByDescending(weight => weight.Value)
            .ThenBy(weight => weight.Key)
            .Take(_options.MaxCandidates)
            .Select(weight => weight.Key)
            .ToList();
    }

    /// <summary>Whether the stored postings already show <paramref name="key"/> common within the
    /// candidate window of an item published at <paramref name="publishedAt"/>: more stories carry it
    /// there than <see cref="StoryOptions.MaxStoriesPerKey"/>, as the postings that made it common
    /// when it was read (<see cref="CommonKeyWitnesses"/>) show. Postings are only ever added, so one
    /// more keeps the key common in that window and finds nothing there; a key common by its number
    /// of items alone, or whose witnesses lie outside the item's own window, is not shown common.</summary>
    public bool ShowsCommon(long key, DateTimeOffset publishedAt) =>
        _common.Contains(key)
        && _witnesses.ShowCommon(key, publishedAt - _options.CandidateWindow, publishedAt + _options.CandidateWindow, _now, _options);

    /// <summary>Makes a just-placed item a candidate for the rest of the batch.
    /// <paramref name="startedStory"/> says the item's story is new, so the item is its only copy.</summary>
    public void Add(FeedItem item, StoryMember member, long storyId, List<long> keys, bool startedStory)
    {
        if (startedStory)
        {
            // What the database would answer: the story was created for this item.
            _members[storyId] = [member];
        }
        else if (_members.TryGetValue(storyId, out List<StoryMember>? members))
        {
            // The item is already stored: a story whose copies are not cached yet reads it from there.
            members.Add(member);
        }

        foreach (long key in keys)
        {
            // A common key stays common: its postings were not read, so they are not kept either.
            if (!_common.Contains(key))
            {
                Add(_postings, key, new StoryPosting(storyId, item.PublishedAt));
            }
        }

        if (!string.IsNullOrEmpty(item.CanonicalLink))
        {
            _storyByLink.TryAdd(item.CanonicalLink, storyId);
        }
    }

    private async Task LoadMembersAsync(StorageSession session, List<long> storyIds)
    {
        List<long> missing = [];
        foreach (long id in storyIds)
        {
            if (_members.ContainsKey(id))
            {
                continue;
            }

            // A story read ahead has no copy from this batch yet: one would have made it a
            // candidate, and so cached, before joining it. The read-ahead is what a read now returns.
            if (_readAhead.Remove(id, out List<StoryMember>? readAhead))
            {
                _members[id] = readAhead;
            }
            else if (!missing.Contains(id))
            {
                missing.Add(id);
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        // Copies placed earlier in this batch are already stored (same transaction): read too.
        foreach ((long id, List<StoryMember> members) in await ReadMembersAsync(session, missing))
        {
            _members[id] = members;
        }
    }

    /// <summary>Before the first item is placed, the copies of every stored story that would be a
    /// candidate from the stored postings alone, in one read instead of one per item. The batch's
    /// own stories can change the ranking; a story they bring in is read when it is needed.</summary>
    private async Task ReadAheadAsync(StorageSession session, IReadOnlyList<FeedItem> items, IReadOnlyList<List<long>> keys)
    {
        var storyIds = new HashSet<long>();
        for (int i = 0; i < items.Count; i++)
        {
            if (!string.IsNullOrEmpty(items[i].CanonicalLink) && _storyByLink.TryGetValue(items[i].CanonicalLink!, out long linked))
            {
                storyIds.Add(linked);
            }

            storyIds.UnionWith(Ranked(items[i], keys[i]));
        }

        if (storyIds.Count == 0)
        {
            return;
        }

        foreach ((long id, List<StoryMember> members) in await ReadMembersAsync(session, [.. storyIds]))
        {
            _readAhead[id] = members;
        }
    }

    /// <summary>The stored copies of <paramref name="storyIds"/>, each story's in the order of
    /// its publish time and id; a story without copies gets an empty list. A copy's features are
    /// computed only when they are not cached by id and content hash (a candidate's copies come
    /// back poll after poll). Its matching text comes in the same read while the cache holds few of
    /// the copies read (<see cref="StoryFeatureCache.ReadTextsAlong"/>: a `refresh --all`, a worker
    /// with more sources than the cache holds), else in a second read, of the copies not held only.</summary>
    private async Task<Dictionary<long, List<StoryMember>>> ReadMembersAsync(StorageSession session, List<long> storyIds)
    {
        bool textsAlong = _features.ReadTextsAlong;
        List<MemberRow> rows = await session.QueryAllPreparedAsync<MemberRow>(
            $"""
            SELECT id, story_id, source_id, canonical_link, published_at, content_hash{(textsAlong ? TextColumns : "")}
            FROM items
            WHERE {session.Dialect.InList("story_id", "@StoryIds")}
            ORDER BY story_id, published_at, id
            """,
            new { StoryIds = session.Dialect.ListValue(storyIds) });
        var features = new Dictionary<long, StoryFeatures>(rows.Count);
        List<long> unread = [];
        int found = 0;
        foreach (MemberRow row in rows)
        {
            if (_features.TryGetStored(row.Id, row.ContentHash, out StoredText? stored))
            {
                // Remembered under this content hash: the text it was remembered with is the one.
                features[row.Id] = stored.Features;
                found++;
            }
            else if (textsAlong)
            {
                features[row.Id] = FeaturesOf(row.Id, row.ContentHash, row);
            }
            else
            {
                unread.Add(row.Id);
            }
        }

        _features.RecordStoredReads(found, rows.Count);
        if (unread.Count > 0)
        {
            var hashes = rows.ToDictionary(row => row.Id, row => row.ContentHash);
            List<MemberRow> texts = await session.QueryAsync<MemberRow>(
                $"SELECT id{TextColumns} FROM items WHERE {session.Dialect.InList("id", "@Ids")}",
                new { Ids = session.Dialect.ListValue(unread) });
            foreach (MemberRow text in texts)
            {
                features[text.Id] = FeaturesOf(text.Id, hashes[text.Id], text);
            }
        }

        var members = storyIds.ToDictionary(id => id, _ => new List<StoryMember>());
        foreach (MemberRow row in rows)
        {
            // A copy purged between the two reads (PostgreSQL's READ COMMITTED) is simply gone.
            if (features.TryGetValue(row.Id, out StoryFeatures? copy))
            {
                members[row.StoryId].Add(new StoryMember(row.Id, row.SourceId, row.CanonicalLink, row.PublishedAt, copy));
            }
        }

        return members;
    }

    // A copy's matching text, or for a copy stored before matching texts were kept, what it is made from.
    private const string TextColumns = """
        , match_text,
               CASE WHEN match_text IS NULL THEN title END AS title,
               CASE WHEN match_text IS NULL THEN coalesce(content, summary) END AS body
        """;

    // Items stored before matching texts were kept are cleaned on the way in, and not remembered
    // by id: the backfill may give them their text under the same hash.
    private StoryFeatures FeaturesOf(long id, string contentHash, MemberRow text) =>
        text.MatchText is null
            ? _features.Get(StoryText.From(text.Title, text.Body).MatchText)
            : _features.AddStored(id, contentHash, text.MatchText).Features;

    private static void Add(Dictionary<long, List<StoryPosting>> postings, long key, StoryPosting posting)
    {
        if (!postings.TryGetValue(key, out List<StoryPosting>? list))
        {
            list = [];
            postings[key] = list;
        }

        list.Add(posting);
    }

    private sealed class LinkRow
    {
        public string CanonicalLink { get; set; } = "";
        public long StoryId { get; set; }
    }

    private sealed class MemberRow
    {
        public long Id { get; set; }
        public long StoryId { get; set; }
        public long SourceId { get; set; }
        public string? CanonicalLink { get; set; }
        public DateTimeOffset PublishedAt { get; set; }
        public string ContentHash { get; set; } = "";
        public string? MatchText { get; set; }
        public string? Title { get; set; }
        public string? Body { get; set; }
    }
}
