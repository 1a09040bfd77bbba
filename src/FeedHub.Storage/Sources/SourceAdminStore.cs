using FeedHub.Core.Links;
using FeedHub.Core.Rules;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.Items;
using FeedHub.Storage.Mapping;

namespace FeedHub.Storage.Sources;

/// <summary>The admin-only operations on the <c>sources</c> table.</summary>
internal sealed class SourceAdminStore(StorageDatabase database, TimeProvider timeProvider) : ISourceAdminStore
{
    public async Task<UrlChange> ChangeUrlAsync(long id, string url, CancellationToken cancellationToken)
    {
        string urlKey = SourceUrlKey.From(url);
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        await session.Dialect.LockAsync(session, SessionLock.SourceCatalog);
        string? currentKey = await session.QuerySingleOrDefaultAsync<string>(
            "SELECT url_key FROM sources WHERE id = @Id AND deleted_at IS NULL", new { Id = id });
        if (currentKey is null)
        {
            return UrlChange.NotFound;
        }

        // A removed source keeps its row (and URL) while its items are published: its URL stays taken.
        long? owner = await SourceAliases.FindOwnerAsync(session, urlKey, exceptId: id);
        if (owner is long)
        {
            return UrlChange.Taken;
        }

        // The old address's validators and failures say nothing about the new one.
        int changed = await session.ExecuteAsync(
            """
            UPDATE sources
            SET url = @Url, url_key = @UrlKey, etag = NULL, last_modified = NULL, consecutive_failures = 0,
                last_error = NULL, last_http_status = NULL, retry_after_until = NULL, next_due_at = NULL,
                updated_at = @Now, document_hash = NULL, document_item_ids = NULL
            WHERE id = @Id AND url <> @Url
            """,
            new { Id = id, Url = url.Trim(), UrlKey = urlKey, Now = timeProvider.GetUtcNow() });
        await session.CommitAsync();
        return changed > 0 ? UrlChange.Changed : UrlChange.Unchanged;
    }

    public async Task<IReadOnlyDictionary<long, long>> CountItemsAsync(CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, cancellationToken);
        List<(long SourceId, long Items)> counts = await session.QueryAsync<(long SourceId, long Items)>(
            "SELECT source_id, count(*) FROM items GROUP BY source_id");
        return counts.ToDictionary(c => c.SourceId, c => c.Items);
    }

    public async Task<bool> SetFetchSettingsAsync(long id, SourceFetchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        int changed = await session.ExecuteAsync(
            """
            UPDATE sources
            SET user_agent = @UserAgent, request_headers = @Headers, fetch_timeout_ms = @TimeoutMs,
                max_response_bytes = @MaxResponseBytes, updated_at = @Now,
                document_hash = NULL, document_item_ids = NULL
            WHERE id = @Id AND deleted_at IS NULL
            """,
            new
            {
                Id = id,
                settings.UserAgent,
                Headers = SourceSettingsColumns.FromHeaders(settings.Headers),
                TimeoutMs = settings.Timeout is TimeSpan timeout ? (long?)timeout.TotalMilliseconds : null,
                settings.MaxResponseBytes,
                Now = timeProvider.GetUtcNow(),
            });
        await session.CommitAsync();
        return changed > 0;
    }

    public async Task<RulesApplied?> SetItemRulesAsync(long id, ItemRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        DateTimeOffset now = timeProvider.GetUtcNow();
        // One write transaction: no poll of this source commits between the new rules and its items
        // decided under them.
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        // After the source's own lock, as a commit of its poll takes them: the two run one after the other.
        await session.Dialect.LockAsync(session, SessionLock.Source, id);
        await session.Dialect.LockAsync(session, SessionLock.StoryAssignment);
        int changed = await session.ExecuteAsync(
            "UPDATE sources SET keep_rules = @Keep, block_rules = @Block, updated_at = @Now, document_hash = NULL, document_item_ids = NULL WHERE id = @Id AND deleted_at IS NULL",
            new { Id = id, Keep = SourceSettingsColumns.FromRules(rules.Keep), Block = SourceSettingsColumns.FromRules(rules.Block), Now = now });
        if (changed == 0)
        {
            return null;
        }

        RulesApplied applied = await BlockedItems.ReevaluateAsync(session, id, rules, now);
        await session.CommitAsync();
        return applied;
    }

    public async Task<IReadOnlyDictionary<long, IReadOnlyDictionary<string, long>>> CountBlockedAsync(CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginReadAsync(database, cancellationToken);
        return await BlockedItems.CountAsync(session);
    }
}
