using FeedHub.Core.Links;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;
using FeedHub.Storage.Stories;

namespace FeedHub.Storage.Sources;

/// <summary>The <c>sources</c> table. Deleting a source without purging keeps its row, marked
/// <c>deleted_at</c> and hidden from List/Get, so that its items stay in the merged feed with
/// their provenance; upserting the same URL again brings the row back. A source answers to its
/// own URL and to the old URLs a permanent redirect moved it from (<c>source_aliases</c>).</summary>
internal sealed class SourceStore : ISourceStore
{
    private readonly StorageDatabase _database;
    private readonly IWriteRunner _writes;
    private readonly TimeProvider _timeProvider;

    public SourceStore(StorageDatabase database, IWriteRunner writes, TimeProvider timeProvider)
    {
        _database = database;
        _writes = writes;
        _timeProvider = timeProvider;
    }

    public async Task<IReadOnlyList<FeedSource>> ListAsync(CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(_database, cancellationToken);
        // Every source, read at each schedule sync and by refresh --all: through the prepared path,
        // whose rows are read by position, not through the provider's reader per value.
        List<SourceRow> rows = await session.QueryAllPreparedAsync<SourceRow>(
            $"SELECT {SourceRow.Columns} FROM sources WHERE deleted_at IS NULL ORDER BY id", NoParameters);
        return rows.ConvertAll(row => row.ToListedSource());
    }

    public Task<IReadOnlyList<ScheduledSource>> ListScheduledAsync(CancellationToken cancellationToken) =>
        ScheduledSources.ListEnabledAsync(_database, cancellationToken);

    public async Task<SourceTableStamp> GetStampAsync(CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginSingleReadAsync(_database, cancellationToken);
        StampRow row = (await session.QueryAsync<StampRow>(
            "SELECT count(*) AS row_count, COALESCE(max(id), 0) AS last_id, max(updated_at) AS last_updated_at FROM sources"))[0];
        return new SourceTableStamp(row.RowCount, row.LastId, row.LastUpdatedAt);
    }

    public async Task<FeedSource?> GetAsync(long id, CancellationToken cancellationToken)
    {
        // Every poll starts here: one statement, no transaction around it.
        await using StorageSession session = await StorageSession.BeginSingleReadAsync(_database, cancellationToken);
        return (await FindAsync(session, id))?.ToFeedSource();
    }

    public async Task<FeedSource?> FindByUrlAsync(string url, CancellationToken cancellationToken)
    {
        if (SourceUrlKey.TryFrom(url) is not string urlKey)
        {
            return null;
        }

        await using StorageSession session = await StorageSession.BeginReadAsync(_database, cancellationToken);
        return await SourceAliases.FindOwnerAsync(session, urlKey) is long id ? (await FindAsync(session, id))?.ToFeedSource() : null;
    }

    public async Task<FeedSource> UpsertAsync(SourceDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        string urlKey = SourceUrlKey.From(definition.Url);
        if (definition.Interval is TimeSpan requested && requested < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(definition), requested, $"The poll interval of {definition.Url} must be at least one second.");
        }

        var values = new
        {
            Url = definition.Url.Trim(),
            UrlKey = urlKey,
            Title = string.IsNullOrWhiteSpace(definition.Title) ? null : definition.Title.Trim(),
            Tags = JsonColumns.FromStrings(definition.Tags),
            IntervalSeconds = definition.Interval is TimeSpan interval ? (long?)interval.TotalSeconds : null,
            IsOrigin = Flag(definition.IsOrigin),
            Credits = JsonColumns.FromStrings(definition.Credits),
            Now = _timeProvider.GetUtcNow(),
        };

        await using StorageSession session = await StorageSession.BeginWriteAsync(_database, cancellationToken);
        await session.Dialect.LockAsync(session, SessionLock.SourceCatalog);
        // The old URL of a source moved by a permanent redirect is that source, not a new one.
        long? existingId = await SourceAliases.FindOwnerAsync(session, urlKey);
        long id;
        if (existingId is long found)
        {
            id = found;
            bool originChanged = await session.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM sources WHERE id = @Id AND is_origin <> @IsOrigin",
                new { Id = id, values.IsOrigin }) > 0;

            // A title given by the definition wins; without one the title learnt from the feed stays.
            int changed = await session.ExecuteAsync(
                """
                UPDATE sources
                SET title = COALESCE(@Title, title), tags = @Tags, interval_seconds = @IntervalSeconds,
                    is_origin = @IsOrigin, credits = @Credits,
                    enabled = CASE WHEN deleted_at IS NULL THEN enabled ELSE 1 END,
                    deleted_at = NULL, updated_at = @Now, document_hash = NULL, document_item_ids = NULL
                WHERE id = @Id
                  AND (title IS DISTINCT FROM COALESCE(@Title, title) OR tags <> @Tags
                       OR interval_seconds IS DISTINCT FROM @IntervalSeconds OR is_origin <> @IsOrigin
                       OR credits <> @Credits OR deleted_at IS NOT NULL)
                """,
                new { Id = id, values.Title, values.Tags, values.IntervalSeconds, values.IsOrigin, values.Credits, values.Now });
            if (originChanged)
            {
                List<long> storyIds = await session.QueryAsync<long>(
                    "SELECT DISTINCT story_id FROM items WHERE source_id = @Id", new { Id = id });
                await StoryOrigins.RefreshAsync(session, storyIds, values.Now);
            }

            if (changed > 0)
            {
                await ChangeVersion.BumpAsync(session);
            }
        }
        else
        {
            id = await session.ExecuteScalarAsync<long>(
                session.Dialect.InsertReturningId(
                    "sources",
                    "url, url_key, title, tags, interval_seconds, is_origin, credits, created_at, updated_at",
                    "@Url, @UrlKey, @Title, @Tags, @IntervalSeconds, @IsOrigin, @Credits, @Now, @Now"),
                values);
        }

        SourceRow row = await FindAsync(session, id)
            ?? throw new InvalidOperationException($"Source {id} vanished inside its own transaction.");
        await session.CommitAsync();
        return row.ToFeedSource();
    }

    public async Task<bool> SetEnabledAsync(long id, bool enabled, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginWriteAsync(_database, cancellationToken);
        int changed = await session.ExecuteAsync(
            "UPDATE sources SET enabled = @Enabled, updated_at = @Now, document_hash = NULL, document_item_ids = NULL WHERE id = @Id AND deleted_at IS NULL",
            new { Id = id, Enabled = Flag(enabled), Now = _timeProvider.GetUtcNow() });
        await session.CommitAsync();
        return changed > 0;
    }

    public async Task<bool> DeleteAsync(long id, bool purgeItems, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        await using StorageSession session = await StorageSession.BeginWriteAsync(_database, cancellationToken);
        await session.Dialect.LockAsync(session, SessionLock.Source, id);
        if (purgeItems)
        {
            // Stories lose copies, or go: no placement may join one meanwhile.
            await session.Dialect.LockAsync(session, SessionLock.StoryAssignment);
        }

        bool deleted = purgeItems ? await PurgeAsync(session, id, now) : await SoftDeleteAsync(session, id, now);
        await session.CommitAsync();
        return deleted;
    }

    public Task<bool> RecordPollAsync(long sourceId, PollOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        // A 304 or a failure is most polls: their records are batched with the refreshes' commits.
        return _writes.RunAsync(
            async session =>
            {
                await session.Dialect.LockAsync(session, SessionLock.Source, sourceId);
                if (SourcePolls.NeedsNoTarget(outcome))
                {
                    if (await SourcePolls.RecordInPlaceAsync(session, sourceId, outcome, _timeProvider.GetUtcNow()))
                    {
                        return true;
                    }

                    // Nothing written: a poll under a claim handed back since, or no such source. The
                    // read tells them apart only then (a rare case; the statement above is most polls).
                    return outcome.ClaimedBy is not null && await SourcePolls.LoadAsync(session, sourceId) is not null
                        ? false
                        : throw new KeyNotFoundException($"Source {sourceId} does not exist or was deleted.");
                }

                PollTarget source = await SourcePolls.LoadAsync(session, sourceId)
                    ?? throw new KeyNotFoundException($"Source {sourceId} does not exist or was deleted.");
                PollRecord record = await SourcePolls.RecordAsync(session, source, outcome, storeValidators: false, _timeProvider.GetUtcNow());
                if (record.FaceChanged)
                {
                    await ChangeVersion.BumpAsync(session);
                }

                return record.Written;
            },
            cancellationToken);
    }

    private static readonly object NoParameters = new();

    // Flags are 0/1 integers on every engine (SQL Server has no boolean expressions in SELECT).
    internal static int Flag(bool value) => value ? 1 : 0;

    // Every poll loads its source: prepared once per connection.
    private static Task<SourceRow?> FindAsync(StorageSession session, long id) =>
        session.QueryPreparedAsync<SourceRow>($"SELECT {SourceRow.Columns} FROM sources WHERE id = @Id AND deleted_at IS NULL", new { Id = id });

    private static async Task<bool> SoftDeleteAsync(StorageSession session, long id, DateTimeOffset now)
    {
        // Validators go too: if the source comes back, its first poll must fetch the whole feed.
        int changed = await session.ExecuteAsync(
            """
            UPDATE sources
            SET deleted_at = @Now, enabled = 0, etag = NULL, last_modified = NULL, updated_at = @Now,
                document_hash = NULL, document_item_ids = NULL
            WHERE id = @Id AND deleted_at IS NULL
            """,
            new { Id = id, Now = now });
        return changed > 0;
    }

    private static async Task<bool> PurgeAsync(StorageSession session, long id, DateTimeOffset now)
    {
        var parameters = new { Id = id };
        List<long> storyIds = await session.QueryAsync<long>(
            "SELECT DISTINCT story_id FROM items WHERE source_id = @Id", parameters);
        await session.ExecuteAsync(
            "UPDATE stories SET origin_item_id = NULL WHERE origin_item_id IN (SELECT id FROM items WHERE source_id = @Id)",
            parameters);
        await session.ExecuteAsync(
            "DELETE FROM story_keys WHERE item_id IN (SELECT id FROM items WHERE source_id = @Id)", parameters);
        await session.ExecuteAsync("DELETE FROM items WHERE source_id = @Id", parameters);
        await session.ExecuteAsync(
            "DELETE FROM stories WHERE origin_item_id IS NULL AND merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM items WHERE items.story_id = stories.id)");
        await StoryOrigins.RefreshAsync(session, storyIds, now);
        await session.ExecuteAsync("DELETE FROM source_aliases WHERE source_id = @Id", parameters);
        int deleted = await session.ExecuteAsync("DELETE FROM sources WHERE id = @Id", parameters);
        if (deleted > 0 || storyIds.Count > 0)
        {
            await ChangeVersion.BumpAsync(session);
        }

        return deleted > 0;
    }

    private sealed class StampRow
    {
        public long RowCount { get; set; }

        public long LastId { get; set; }

        public DateTimeOffset? LastUpdatedAt { get; set; }
    }
}
