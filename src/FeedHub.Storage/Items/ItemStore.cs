using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Core.Text;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;
using FeedHub.Storage.Search;
using FeedHub.Storage.Sources;
using FeedHub.Storage.Stories;

namespace FeedHub.Storage.Items;

/// <summary>Commits a refresh: items, their stories and the source's poll state in one
/// write (one transaction, or one savepoint of the SQLite writer's batch), so a crash or fault
/// leaves either all of it or none of it.</summary>
internal sealed class ItemStore : IItemStore
{
    private readonly StorageDatabase _database;
    private readonly IWriteRunner _writes;
    private readonly StoryAssigner _storyAssigner;
    private readonly TimeProvider _timeProvider;

    public ItemStore(StorageDatabase database, IWriteRunner writes, StoryAssigner storyAssigner, TimeProvider timeProvider)
    {
        _database = database;
        _writes = writes;
        _storyAssigner = storyAssigner;
        _timeProvider = timeProvider;
    }

    public async Task<StoreResult> CommitRefreshAsync(long sourceId, IReadOnlyList<FeedItem> items, PollOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(outcome);
        if (!outcome.Succeeded)
        {
            throw new ArgumentException("A failed poll stores no items; record it with ISourceStore.RecordPollAsync.", nameof(outcome));
        }

        PreparedTexts prepared = _storyAssigner.Prepare(await NewOrChangedAsync(sourceId, items, outcome.StoredAhead, cancellationToken));
        return await _writes.RunAsync(session => WriteRefreshAsync(session, sourceId, items, prepared, outcome, cancellationToken), cancellationToken);
    }

    /// <summary>The items not stored as they are, read ahead of the write (a snapshot, which on
    /// SQLite does not wait for the writer) so that their matching texts are worked out outside it.
    /// Only a hint: the write decides again on what it reads itself. A poll that looked its entries
    /// up by raw hash passes what it found (<see cref="PollOutcome.StoredAhead"/>): one read of the
    /// source's items per poll instead of two.</summary>
    private async Task<List<FeedItem>> NewOrChangedAsync(long sourceId, IReadOnlyList<FeedItem> items, IReadOnlyList<KnownItem>? storedAhead, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return [];
        }

        HashSet<(string, string)> stored;
        if (storedAhead is not null)
        {
            stored = [.. storedAhead.Select(item => (item.ItemKey, item.ContentHash))];
        }
        else
        {
            await using StorageSession session = await StorageSession.BeginSingleReadAsync(_database, cancellationToken);
            stored = (await session.QueryAsync<(string ItemKey, string ContentHash)>(
                    $"SELECT item_key, content_hash FROM items WHERE source_id = @SourceId AND {session.Dialect.InList("item_key", "@Keys")}",
                    new { SourceId = sourceId, Keys = session.Dialect.ListValue(items.Select(item => item.ItemKey).Distinct(StringComparer.Ordinal)) }))
                .ToHashSet();
        }

        return items.Where(item => !stored.Contains((item.ItemKey, item.ContentHash))).ToList();
    }

    /// <summary>The refresh's writes; the runner commits them (see <see cref="IWriteRunner"/>).</summary>
    private async Task<StoreResult> WriteRefreshAsync(StorageSession session, long sourceId, IReadOnlyList<FeedItem> items, PreparedTexts prepared, PollOutcome outcome, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        await session.Dialect.LockAsync(session, SessionLock.Source, sourceId);
        PollTarget source = await SourcePolls.LoadAsync(session, sourceId)
            ?? throw new KeyNotFoundException($"Source {sourceId} does not exist or was deleted.");

        // A feed listing one entry twice must not store it as a revision of itself on every poll.
        var batch = new List<FeedItem>(items.Count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FeedItem item = items[i];
            if (keys.Add(item.ItemKey))
            {
                batch.Add(item);
            }
        }

        batch = await BlockedItems.DecideAtCommitAsync(session, sourceId, batch, outcome.DecidedWith);

        // This, the touch and the version bump are sent by every changed poll: prepared once per
        // connection (each list is one JSON parameter on SQLite, so the SQL text never varies).
        Dictionary<string, StoredItem> stored = (await session.QueryAllPreparedAsync<StoredItem>(
                $"SELECT id, item_key, content_hash, raw_hash, story_id, published_at, categories, CASE WHEN search_text IS NULL THEN 1 ELSE 0 END AS unindexed FROM items WHERE source_id = @SourceId AND {session.Dialect.InList("item_key", "@Keys")}",
                new { SourceId = sourceId, Keys = session.Dialect.ListValue(keys) }))
            .ToDictionary(row => row.ItemKey, StringComparer.Ordinal);

        List<FeedItem> added = [];
        List<ItemValues> revisions = [];
        List<StoredRevision> revised = [];
        List<long> unchanged = [];
        List<object> rehashed = [];
        var touchedStories = new HashSet<long>();
        foreach (FeedItem item in batch)
        {
            if (!stored.TryGetValue(item.ItemKey, out StoredItem? row))
            {
                added.Add(item);
            }
            else if (string.Equals(row.ContentHash, item.ContentHash, StringComparison.Ordinal))
            {
                unchanged.Add(row.Id);
                if (item.RawHash is not null && !string.Equals(row.RawHash, item.RawHash, StringComparison.Ordinal))
                {
                    // The raw entry changed but not what it normalizes to (a new normalizer build,
                    // a re-ordered category): remembered, so the next poll need not normalize it.
                    rehashed.Add(new { row.Id, item.RawHash });
                }
            }
            else
            {
                revisions.Add(ItemValues.From(item, now) with { Id = row.Id });
                // An item stored before the search index has no tags yet, whatever its categories.
                revised.Add(new StoredRevision(row.Id, row.StoryId, item, row.PublishedAt, row.Unindexed == 0 ? row.Categories : null));
                touchedStories.Add(row.StoryId);
            }
        }

        // Known entries (not normalized again) and unchanged items are seen again, all at once.
        List<long> listed = [.. unchanged.Union(outcome.ListedItemIds)];
        int present = await ListedItems.TouchAsync(session, sourceId, listed, now);

        if (rehashed.Count > 0)
        {
            await session.ExecuteAsync("UPDATE items SET raw_hash = @RawHash WHERE id = @Id", rehashed);
        }

        await ReviseAsync(session, revisions, revised);
        await _storyAssigner.ReindexAsync(session, sourceId, revised, prepared);

        // The dedup stage: each new item is placed in a story (joined or started) and stored
        // with the reason, before the next item of the batch is placed.
        List<(long ItemId, IReadOnlyList<string> Categories)> newTags = [];
        long[] storyIds = [];
        if (added.Count > 0)
        {
            // Made only when there is something to insert: most polls have no new item.
            await using RepeatedCommand<ItemValues> insert = ItemInsert(session);
            storyIds = await _storyAssigner.AddAsync(
                session,
                sourceId,
                added,
                now,
                (item, placed) => InsertAsync(insert, session, sourceId, item, placed, prepared.SearchText(item), now, newTags),
                prepared);
        }

        await ItemTags.AddAsync(session, newTags);
        touchedStories.UnionWith(storyIds);
        await StoryOrigins.RefreshAsync(session, touchedStories, now);

        // The items stand whoever records the poll: a poll whose claim was handed back stores what it
        // read (once, as the newer poll would) and leaves the source row to the newer poll.
        PollRecord record = await SourcePolls.RecordAsync(session, source, outcome, storeValidators: true, now);
        if (added.Count > 0 || revisions.Count > 0 || record.FaceChanged)
        {
            await ChangeVersion.BumpAsync(session);
        }

        // A listed item gone since it was looked up (purged, say) is not counted as unchanged.
        return new StoreResult(added.Count, revisions.Count, Math.Min(present, listed.Count)) { Recorded = record.Written };
    }

    public Task<StoreResult?> CommitUnchangedDocumentAsync(long sourceId, PollOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!outcome.Succeeded || outcome.DocumentHash is null)
        {
            throw new ArgumentException("Only a successful poll of a document whose hash the source keeps is recorded without its items.", nameof(outcome));
        }

        return _writes.RunAsync(session => WriteUnchangedDocumentAsync(session, sourceId, outcome), cancellationToken);
    }

    /// <summary>The writes <see cref="WriteRefreshAsync"/> makes for a document whose every entry is
    /// known: the touch of the listed items and the poll record (no items, so no rules, revisions,
    /// stories or tags), decided on the row read under the source's lock, as the commit reads it.</summary>
    private async Task<StoreResult?> WriteUnchangedDocumentAsync(StorageSession session, long sourceId, PollOutcome outcome)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        await session.Dialect.LockAsync(session, SessionLock.Source, sourceId);
        // Sent by every poll of an unchanged document, with the touch and the record: prepared once per connection.
        DocumentTarget? row = await session.QueryPreparedAsync<DocumentTarget>(
            "SELECT id, url, url_key, title, site_url, feed_image_url, claimed_by, document_hash, document_item_ids FROM sources WHERE id = @Id AND deleted_at IS NULL",
            new { Id = sourceId });
        if (row is null || !string.Equals(row.DocumentHash, outcome.DocumentHash, StringComparison.Ordinal))
        {
            return null;
        }

        long[] listed = DocumentItemIds.Read(row.DocumentItemIds);
        int present = await ListedItems.TouchAsync(session, sourceId, listed, now);
        if (present != listed.Length)
        {
            // An item the document listed is gone without the hash having been cleared with it: a
            // parse would store it again. The touch stands (the parse touches the rest again).
            await session.ExecutePreparedAsync("UPDATE sources SET document_hash = NULL, document_item_ids = NULL WHERE id = @Id", new { Id = sourceId });
            return null;
        }

        PollRecord record = await SourcePolls.RecordAsync(session, row, outcome with { ListedItemIds = listed }, storeValidators: true, now);
        if (record.FaceChanged)
        {
            await ChangeVersion.BumpAsync(session);
        }

        return new StoreResult(0, 0, present) { Recorded = record.Written };
    }

    public async Task<IReadOnlyList<KnownItem>> FindKnownAsync(long sourceId, IReadOnlyList<string> rawHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rawHashes);
        if (rawHashes.Count == 0)
        {
            return [];
        }

        await using StorageSession session = await StorageSession.BeginSingleReadAsync(_database, cancellationToken);
        // Sent by every poll of a 200: prepared once per connection.
        List<KnownRow> rows = await session.QueryAllPreparedAsync<KnownRow>(
            $"SELECT id, raw_hash, item_key, guid, canonical_link, content_hash FROM items WHERE source_id = @SourceId AND {session.Dialect.InList("raw_hash", "@RawHashes")}",
            new { SourceId = sourceId, RawHashes = session.Dialect.ListValue(rawHashes) });
        return rows.ConvertAll(row => new KnownItem(row.Id, row.RawHash, row.ItemKey, row.Guid, row.CanonicalLink, row.ContentHash));
    }

    private const string InsertSqlColumns =
        """
        source_id, item_key, guid, link, canonical_link, title, summary, content, author,
        categories, enclosures, published_at, updated_at, first_seen_at, last_seen_at,
        content_hash, fingerprint, language, story_id,
        match_text, credits, story_rule, story_score, story_reason, blocked_by, search_text, raw_hash
        """;

    private const string InsertSqlValues =
        """
        @SourceId, @ItemKey, @Guid, @Link, @CanonicalLink, @Title, @Summary, @Content, @Author,
        @Categories, @Enclosures, @PublishedAt, @UpdatedAt, @Now, @Now,
        @ContentHash, @Fingerprint, @Language, @StoryId,
        @MatchText, @Credits, @StoryRule, @StoryScore, @StoryReason, @BlockedBy, @SearchText, @RawHash
        """;

    /// <summary>The insert of a new item row, made once per write and run for each new item.</summary>
    private static RepeatedCommand<ItemValues> ItemInsert(StorageSession session) =>
        session.Repeat<ItemValues>(session.Dialect.InsertReturningId("items", InsertSqlColumns, InsertSqlValues));

    private static async Task<long> InsertAsync(RepeatedCommand<ItemValues> insert, StorageSession session, long sourceId, FeedItem item, PlacedItem placed, string? searchText, DateTimeOffset now, List<(long ItemId, IReadOnlyList<string> Categories)> newTags)
    {
        long id = await insert.ExecuteScalarInt64Async(
            ItemValues.From(item, now, searchText) with
            {
                SourceId = sourceId,
                StoryId = placed.StoryId,
                MatchText = placed.Text.MatchText,
                Credits = JsonColumns.FromStrings(placed.Text.Credits),
                StoryRule = placed.Decision.Rule.ToString(),
                StoryScore = placed.Decision.Rule == StoryJoinRule.NewStory ? null : placed.Decision.Score,
                StoryReason = placed.Decision.Reason,
            },
            session.CancellationToken);
        // Tags of the whole batch go in at the end, in as few statements as possible.
        newTags.Add((id, item.Categories));
        return id;
    }

    /// <summary>A new revision replaces the fields in place; the row keeps its first-seen time
    /// and its story.</summary>
    private static async Task ReviseAsync(StorageSession session, List<ItemValues> revisions, List<StoredRevision> revised)
    {
        await session.ExecuteAsync(
            """
            UPDATE items
            SET guid = @Guid, link = @Link, canonical_link = @CanonicalLink, title = @Title, summary = @Summary,
                content = @Content, author = @Author, categories = @Categories, enclosures = @Enclosures,
                published_at = @PublishedAt, updated_at = @UpdatedAt, last_seen_at = @Now, revised_at = @Now,
                revision_count = revision_count + 1, content_hash = @ContentHash, fingerprint = @Fingerprint,
                language = @Language, blocked_by = @BlockedBy, search_text = @SearchText, raw_hash = @RawHash
            WHERE id = @Id
            """,
            revisions);
        foreach (StoredRevision revision in revised)
        {
            // Most revisions are an edited text or a new link: their tags are left as they are.
            await ItemTags.ReviseAsync(session, revision.ItemId, revision.StoredCategories, revision.Item.Categories);
        }
    }

    /// <summary>The parameters of an item row write.</summary>
    private sealed record ItemValues(
        string ItemKey,
        string ContentHash,
        string? Guid,
        string? Link,
        string? CanonicalLink,
        string Title,
        string? Summary,
        string? Content,
        string? Author,
        string Categories,
        string Enclosures,
        DateTimeOffset PublishedAt,
        DateTimeOffset? UpdatedAt,
        long Fingerprint,
        string? Language,
        string? BlockedBy,
        string SearchText,
        string? RawHash,
        DateTimeOffset Now)
    {
        public long Id { get; init; }
        public long SourceId { get; init; }
        public long StoryId { get; init; }
        public string? MatchText { get; init; }
        public string Credits { get; init; } = "[]";
        public string? StoryRule { get; init; }
        public double? StoryScore { get; init; }
        public string? StoryReason { get; init; }

        /// <param name="searchText">The item's folded search text if it was worked out before the write.</param>
        public static ItemValues From(FeedItem item, DateTimeOffset now, string? searchText = null) => new(
            item.ItemKey,
            item.ContentHash,
            item.Guid,
            item.Link,
            item.CanonicalLink,
            item.Title,
            item.Summary,
            item.ContentHtml,
            item.Author,
            JsonColumns.FromStrings(item.Categories),
            JsonColumns.FromEnclosures(item.Enclosures),
            item.PublishedAt,
            item.UpdatedAt,
            item.Fingerprint,
            item.Language,
            item.BlockedBy,
            searchText ?? SearchFold.ItemText(item.Title, item.Summary, item.ContentHtml),
            item.RawHash,
            now);
    }

    private sealed class StoredItem
    {
        public long Id { get; set; }
        public string ItemKey { get; set; } = "";
        public string ContentHash { get; set; } = "";
        public string? RawHash { get; set; }
        public long StoryId { get; set; }
        public DateTimeOffset PublishedAt { get; set; }
        public string Categories { get; set; } = "[]";
        public long Unindexed { get; set; }
    }

    private sealed class KnownRow
    {
        public long Id { get; set; }
        public string RawHash { get; set; } = "";
        public string ItemKey { get; set; } = "";
        public string? Guid { get; set; }
        public string? CanonicalLink { get; set; }
        public string ContentHash { get; set; } = "";
    }

    /// <summary>The source row as an unchanged document's record reads it: the poll target and the kept document.</summary>
    private sealed class DocumentTarget : PollTarget
    {
        public string? DocumentHash { get; set; }
        public string? DocumentItemIds { get; set; }
    }
}
