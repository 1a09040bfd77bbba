using FeedHub.Storage.Database;
namespace FeedHub.Storage.Sources;

/// <summary>The <c>source_aliases</c> table: old URLs of sources a permanent redirect moved, each
/// answering to its source as the source's own URL does.</summary>
internal static class SourceAliases
{
    /// <summary>The source whose URL, or an old URL, has <paramref name="urlKey"/> (removed sources
    /// included: their URLs stay taken while their items are published).</summary>
    public static Task<long?> FindOwnerAsync(StorageSession session, string urlKey, long? exceptId = null) =>
        session.QuerySingleOrDefaultAsync<long?>(
            $"""
            SELECT id FROM (SELECT id FROM sources WHERE url_key = @UrlKey
                            UNION ALL
                            SELECT source_id FROM source_aliases WHERE url_key = @UrlKey) AS owners
            WHERE @ExceptId IS NULL OR id <> @ExceptId
            ORDER BY id
            {session.Dialect.Limit("1")}
            """,
            new { UrlKey = urlKey, ExceptId = exceptId });

    /// <summary>Remembers <paramref name="oldUrl"/> as an alias of the source that moved away from
    /// it; the new URL is the source's own now, so it is no alias any more.</summary>
    public static async Task RememberMoveAsync(StorageSession session, long sourceId, string oldUrl, string oldKey, string newKey, DateTimeOffset now)
    {
        await session.ExecuteAsync(
            "DELETE FROM source_aliases WHERE url_key = @NewKey AND source_id = @SourceId",
            new { NewKey = newKey, SourceId = sourceId });
        await session.ExecuteAsync(
            session.Dialect.Upsert(
                "source_aliases",
                "url_key, url, source_id, created_at",
                "VALUES (@OldKey, @OldUrl, @SourceId, @Now)",
                "url_key",
                ["url", "source_id", "created_at"]),
            new { OldKey = oldKey, OldUrl = oldUrl, SourceId = sourceId, Now = now });
    }
}
