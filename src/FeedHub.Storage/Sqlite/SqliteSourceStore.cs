using FeedHub.Core.Links;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage.Mapping;

namespace FeedHub.Storage.Sqlite;

/// <summary>The <c>sources</c> table. Deleting a source without purging keeps its row, marked
/// <c>deleted_at</c> and hidden from List/Get, so that its items stay in the merged feed with
/// their provenance; upserting the same URL again brings the row back. A source answers to its
/// own URL and to the old URLs a permanent redirect moved it from (<c>source_aliases</c>).</summary>
internal sealed class SqliteSourceStore : ISourceStore
{
    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _timeProvider;

    public SqliteSourceStore(SqliteConnectionFactory connections, TimeProvider timeProvider)
    {
        _connections = connections;
        _timeProvider = timeProvider;
    }

    public async Task<IReadOnlyList<FeedSource>> ListAsync(CancellationToken cancellationToken)
    {
        await using SqliteSession session = await SqliteSession.BeginReadAsync(_connections, cancellationToken);
        List<SourceRow> rows = await session.QueryAsync<SourceRow>(
            $"SELECT {SourceRow.Columns} FROM sources WHERE deleted_at IS NULL ORDER BY id");
        return rows.ConvertAll(row => row.ToFeedSource());
    }

    public async Task<FeedSource?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using SqliteSession session = await SqliteSession.BeginReadAsync(_connections, cancellationToken);
        return (await FindAsync(session, id))?.ToFeedSource();
    }

    public async Task<FeedSource?> FindByUrlAsync(string url, CancellationToken cancellationToken)
    {
        if (SourceUrlKey.TryFrom(url) is not string urlKey)
        {
            return null;
        }

        await using SqliteSession session = await SqliteSession.BeginReadAsync(_connections, cancellationToken);
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
            definition.IsOrigin,
            Credits = JsonColumns.FromStrings(definition.Credits),
            Now = _timeProvider.GetUtcNow(),
        };

        await using SqliteSession session = await SqliteSession.BeginWriteAsync(_connections, cancellationToken);
        // The old URL of a source moved by a permanent redirect is that source, not a new one.
        long? existingId = await SourceAliases.FindOwnerAsync(session, urlKey);
        long id;
        if (existingId is long found)
        {
            id = found;
            bool originChanged = await session.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM sources WHERE id = @Id AND is_origin IS NOT @IsOrigin",
                new { Id = id, definition.IsOrigin }) > 0;

            // A title given by the definition wins; without one the title learnt from the feed stays.
            int changed = await session.ExecuteAsync(
                """
                UPDATE sources
                SET title = COALESCE(@Title, title), tags = @Tags, interval_seconds = @IntervalSeconds,
                    is_origin = @IsOrigin, credits = @Credits,
                    enabled = CASE WHEN deleted_at IS NULL THEN enabled ELSE 1 END,
                    deleted_at = NULL, updated_at = @Now
                WHERE id = @Id
                  AND (title IS NOT COALESCE(@Title, title) OR tags IS NOT @Tags
                       OR interval_seconds IS NOT @IntervalSeconds OR is_origin IS NOT @IsOrigin
                       OR credits IS NOT @Credits OR deleted_at IS NOT NULL)
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
                """
                INSERT INTO sources (url, url_key, title, tags, interval_seconds, is_origin, credits, created_at, updated_at)
                VALUES (@Url, @UrlKey, @Title, @Tags, @IntervalSeconds, @IsOrigin, @Credits, @Now, @Now)
                RETURNING id
                """,
                values);
        }

        SourceRow row = await FindAsync(session, id)
            ?? throw new InvalidOperationException($"Source {id} vanished inside its own transaction.");
        await session.CommitAsync();
        return row.ToFeedSource();
    }

    public async Task<bool> SetEnabledAsync(long id, bool enabled, CancellationToken cancellationToken)
    {
        await using SqliteSession session = await SqliteSession.BeginWriteAsync(_connections, cancellationToken);
        int changed = await session.ExecuteAsync(
            "UPDATE sources SET enabled = @Enabled, updated_at = @Now WHERE id = @Id AND deleted_at IS NULL",
            new { Id = id, Enabled = enabled, Now = _timeProvider.GetUtcNow() });
        await session.CommitAsync();
        return changed > 0;
    }

    public async Task<bool> DeleteAsync(long id, bool purgeItems, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        await using SqliteSession session = await SqliteSession.BeginWriteAsync(_connections, cancellationToken);
        bool deleted = purgeItems ? await PurgeAsync(session, id, now) : await SoftDeleteAsync(session, id, now);
        await session.CommitAsync();
        return deleted;
    }

    public async Task RecordPollAsync(long sourceId, PollOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await using SqliteSession session = await SqliteSession.BeginWriteAsync(_connections, cancellationToken);
        PollTarget source = await SourcePolls.LoadAsync(session, sourceId)
            ?? throw new KeyNotFoundException($"Source {sourceId} does not exist or was deleted.");
        if (await SourcePolls.RecordAsync(session, source, outcome, storeValidators: false, _timeProvider.GetUtcNow()))
        {
            await ChangeVersion.BumpAsync(session);
        }

        await session.CommitAsync();
    }

    private static Task<SourceRow?> FindAsync(SqliteSession session, long id) =>
        session.QuerySingleOrDefaultAsync<SourceRow>(
            $"SELECT {SourceRow.Columns} FROM sources WHERE id = @Id AND deleted_at IS NULL", new { Id = id });

    private static async Task<bool> SoftDeleteAsync(SqliteSession session, long id, DateTimeOffset now)
    {
        // Validators go too: if the source comes back, its first poll must fetch the whole feed.
        int changed = await session.ExecuteAsync(
            """
            UPDATE sources
            SET deleted_at = @Now, enabled = 0, etag = NULL, last_modified = NULL, updated_at = @Now
            WHERE id = @Id AND deleted_at IS NULL
            """,
            new { Id = id, Now = now });
        return changed > 0;
    }

    private static async Task<bool> PurgeAsync(SqliteSession session, long id, DateTimeOffset now)
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
}
