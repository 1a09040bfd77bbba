using FeedHub.Core.Links;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;

namespace FeedHub.Storage.Sources;

/// <summary>Writes how a poll ended onto the source row; shared by the 304/failure path and
/// by the commit of a refresh, which must record it in the same transaction as the items.</summary>
internal static class SourcePolls
{
    // This and the two UPDATEs below are sent by every poll: prepared once per connection.
    public static Task<PollTarget?> LoadAsync(StorageSession session, long sourceId) =>
        session.QueryPreparedAsync<PollTarget>(
            "SELECT id, url, url_key, title, site_url, feed_image_url, claimed_by FROM sources WHERE id = @Id AND deleted_at IS NULL",
            new { Id = sourceId });

    // A poll record sets the URL only when it moved: assigning url_key rewrites its unique index
    // entry even with the same value, a page more in every commit's WAL (a 304 dirtied 3 pages,
    // now 2: the row and its due-index entry). The source was loaded under its lock in this
    // write, so an unmoved URL is the row's own and "url = @Url" below still holds for it.
    private const string MovedUrl = "url = @Url, url_key = @UrlKey,";

    // The record of a poll run under a claim (PollOutcome.ClaimedBy) is written only while the claim
    // is still its worker's. In the statement itself, not only in the row read before it: on the
    // server engines a hand-back can commit in between, and the UPDATE sees it (it waits for the
    // row, then tests the condition again on the row as the hand-back left it).
    private const string ClaimFence = "\n  AND claimed_by = @ClaimedBy";

    private const string FailureFencedSql = FailureSql + ClaimFence;
    private const string FailureMovedFencedSql = FailureMovedSql + ClaimFence;
    private const string FailureInPlaceFencedSql = FailureInPlaceSql + ClaimFence;
    private const string SuccessFencedSql = SuccessSql + ClaimFence;
    private const string SuccessMovedFencedSql = SuccessMovedSql + ClaimFence;
    private const string SuccessInPlaceFencedSql = SuccessInPlaceSql + ClaimFence;

    private const string FailureSql = $"""
        UPDATE sources
        SET {FailureColumns}
        WHERE id = @Id
        """;

    private const string FailureMovedSql = $"""
        UPDATE sources
        SET {MovedUrl}
            {FailureColumns}
        WHERE id = @Id
        """;

    private const string FailureColumns = FailureCommonColumns + ",\n    updated_at = CASE WHEN url = @Url AND @PauseSource = 0 THEN updated_at ELSE @Now END";

    private const string FailureCommonColumns =
        """
        last_checked_at = @CheckedAt, next_due_at = @NextDueAt, claimed_by = NULL,
            consecutive_failures = consecutive_failures + 1,
            last_error = @Error, last_http_status = @HttpStatus, retry_after_until = @RetryAfterUntil,
            poll_count = poll_count + 1, failing_since = COALESCE(failing_since, @CheckedAt),
            enabled = CASE WHEN @PauseSource = 1 THEN 0 ELSE enabled END,
            document_hash = NULL, document_item_ids = NULL
        """;

    // The record of a poll that did not move the source (see RecordInPlaceAsync): "url = @Url" holds
    // for the row's own URL, so updated_at changes only when the source is paused.
    private const string FailureInPlaceSql = $"""
        UPDATE sources
        SET {FailureCommonColumns},
            updated_at = CASE WHEN @PauseSource = 0 THEN updated_at ELSE @Now END
        WHERE id = @Id AND deleted_at IS NULL
        """;

    private const string SuccessInPlaceSql = $"""
        UPDATE sources
        SET {SuccessCommonColumns}
        WHERE id = @Id AND deleted_at IS NULL
        """;

    private const string SuccessSql = $"""
        UPDATE sources
        SET {SuccessColumns}
        WHERE id = @Id
        """;

    private const string SuccessMovedSql = $"""
        UPDATE sources
        SET {MovedUrl}
            {SuccessColumns}
        WHERE id = @Id
        """;

    private const string SuccessColumns = SuccessCommonColumns + ",\n    updated_at = CASE WHEN url = @Url THEN updated_at ELSE @Now END";

    private const string SuccessCommonColumns =
        """
        etag = CASE WHEN @StoreValidators = 1 THEN @ETag ELSE etag END,
            last_modified = CASE WHEN @StoreValidators = 1 THEN @LastModified ELSE last_modified END,
            title = COALESCE(title, @FeedTitle),
            site_url = CASE WHEN lower(site_url) LIKE 'http://%' OR lower(site_url) LIKE 'https://%' THEN site_url ELSE @SiteUrl END,
            last_checked_at = @CheckedAt, last_success_at = @CheckedAt, next_due_at = @NextDueAt, claimed_by = NULL,
            consecutive_failures = 0, failing_since = NULL,
            poll_count = poll_count + 1,
            not_modified_count = not_modified_count + CASE WHEN @HttpStatus = 304 THEN 1 ELSE 0 END,
            last_error = @RedirectError, last_http_status = @HttpStatus, retry_after_until = @RetryAfterUntil,
            skipped_entries = COALESCE(@SkippedEntries, skipped_entries),
            feed_language = CASE WHEN @HasMetadata = 1 THEN @FeedLanguage ELSE feed_language END,
            feed_description = CASE WHEN @HasMetadata = 1 THEN @FeedDescription ELSE feed_description END,
            feed_image_url = CASE WHEN @HasMetadata = 1 THEN @FeedImageUrl ELSE feed_image_url END,
            feed_updated_at = CASE WHEN @HasMetadata = 1 THEN @FeedUpdatedAt ELSE feed_updated_at END,
            poll_cadence = COALESCE(@PollCadence, poll_cadence),
            effective_interval_seconds = COALESCE(@EffectiveIntervalSeconds, effective_interval_seconds),
            interval_reason = COALESCE(@IntervalReason, interval_reason),
            document_hash = CASE WHEN @StoreValidators = 1 THEN @DocumentHash ELSE document_hash END,
            document_item_ids = CASE WHEN @StoreValidators = 1 THEN @DocumentItemIds ELSE document_item_ids END
        """;

    /// <summary>Whether <paramref name="outcome"/>'s record needs nothing of the row (<see cref="RecordInPlaceAsync"/>):
    /// no permanent redirect to apply, and nothing the feeds show to fill in, so that
    /// <see cref="RecordAsync"/> would neither move the source nor report a change. Most polls: a
    /// 304 or a failure.</summary>
    public static bool NeedsNoTarget(PollOutcome outcome) =>
        string.IsNullOrWhiteSpace(outcome.NewUrl)
        && (!outcome.Succeeded || (NullIfBlank(outcome.FeedTitle) is null && NullIfBlank(outcome.SiteUrl) is null && outcome.Metadata is null));

    /// <summary>The record <see cref="RecordAsync"/> writes for an outcome that <see cref="NeedsNoTarget"/>,
    /// without reading the row first: the same columns get the same values (a 304 on an unchanged
    /// source is most steady polls, and that read was a statement more in the writer's serial work).</summary>
    /// <returns>False when nothing was written: there is no such source (or it was removed), or the
    /// poll's claim is no longer its worker's (<see cref="PollOutcome.ClaimedBy"/>).</returns>
    public static async Task<bool> RecordInPlaceAsync(StorageSession session, long sourceId, PollOutcome outcome, DateTimeOffset now)
    {
        bool fenced = outcome.ClaimedBy is not null;
        int changed = outcome.Succeeded
            ? await session.ExecutePreparedAsync(
                fenced ? SuccessInPlaceFencedSql : SuccessInPlaceSql,
                new
                {
                    Id = sourceId,
                    outcome.ClaimedBy,
                    StoreValidators = SourceStore.Flag(false),
                    outcome.ETag,
                    outcome.LastModified,
                    FeedTitle = (string?)null,
                    SiteUrl = (string?)null,
                    outcome.CheckedAt,
                    outcome.NextDueAt,
                    RedirectError = (string?)null,
                    outcome.HttpStatus,
                    outcome.RetryAfterUntil,
                    outcome.SkippedEntries,
                    HasMetadata = SourceStore.Flag(false),
                    FeedLanguage = (string?)null,
                    FeedDescription = (string?)null,
                    FeedImageUrl = (string?)null,
                    FeedUpdatedAt = (DateTimeOffset?)null,
                    PollCadence = outcome.EntryTimes is { } entryTimes && outcome.DocumentHints is { } hints ? CadenceColumn.Write(entryTimes, hints) : null,
                    EffectiveIntervalSeconds = outcome.Effective is { } effective ? (long?)Math.Max(1, (long)effective.Interval.TotalSeconds) : null,
                    IntervalReason = outcome.Effective?.Reason,
                    DocumentHash = (string?)null,
                    DocumentItemIds = (string?)null,
                })
            : await session.ExecutePreparedAsync(
                fenced ? FailureInPlaceFencedSql : FailureInPlaceSql,
                new
                {
                    Id = sourceId,
                    outcome.ClaimedBy,
                    outcome.CheckedAt,
                    outcome.NextDueAt,
                    outcome.Error,
                    outcome.HttpStatus,
                    outcome.RetryAfterUntil,
                    PauseSource = SourceStore.Flag(outcome.PauseSource),
                    Now = now,
                });
        return changed > 0;
    }

    /// <summary>Whether the poll ran under a claim (<see cref="PollOutcome.ClaimedBy"/>) that the row,
    /// read under the source's lock, no longer shows as its worker's: the cluster handed it back,
    /// and the row is the newer poll's.</summary>
    public static bool ClaimLost(PollTarget source, PollOutcome outcome) =>
        outcome.ClaimedBy is not null && !string.Equals(source.ClaimedBy, outcome.ClaimedBy, StringComparison.Ordinal);

    /// <summary>Updates the row; validators, and the document hash with its listed items, are only
    /// replaced when <paramref name="storeValidators"/> (a 200 whose items are committed with them).
    /// Nothing is written when the poll's claim is lost (<see cref="ClaimLost"/>).</summary>
    public static async Task<PollRecord> RecordAsync(StorageSession session, PollTarget source, PollOutcome outcome, bool storeValidators, DateTimeOffset now)
    {
        if (ClaimLost(source, outcome))
        {
            return PollRecord.Left;
        }

        (string url, string urlKey, string? redirectError) = await ResolveUrlAsync(session, source, outcome.NewUrl);
        bool moved = !string.Equals(url, source.Url, StringComparison.Ordinal) || !string.Equals(urlKey, source.UrlKey, StringComparison.Ordinal);
        bool fenced = outcome.ClaimedBy is not null;
        if (!outcome.Succeeded)
        {
            int failed = await session.ExecutePreparedAsync(
                Statement(moved, fenced, FailureSql, FailureMovedSql, FailureFencedSql, FailureMovedFencedSql),
                new
                {
                    source.Id,
                    outcome.ClaimedBy,
                    Url = url,
                    UrlKey = urlKey,
                    outcome.CheckedAt,
                    outcome.NextDueAt,
                    Error = redirectError is null ? outcome.Error : $"{outcome.Error}; {redirectError}",
                    outcome.HttpStatus,
                    outcome.RetryAfterUntil,
                    PauseSource = SourceStore.Flag(outcome.PauseSource),
                    Now = now,
                });
            if (failed == 0)
            {
                return PollRecord.Left;
            }

            await RememberMoveAsync(session, source, urlKey, now);
            return new PollRecord(Written: true, FaceChanged: false);
        }

        string? feedTitle = NullIfBlank(outcome.FeedTitle);
        string? siteUrl = NullIfBlank(outcome.SiteUrl);
        int written = await session.ExecutePreparedAsync(
            Statement(moved, fenced, SuccessSql, SuccessMovedSql, SuccessFencedSql, SuccessMovedFencedSql),
            new
            {
                source.Id,
                outcome.ClaimedBy,
                Url = url,
                UrlKey = urlKey,
                StoreValidators = SourceStore.Flag(storeValidators),
                outcome.ETag,
                outcome.LastModified,
                FeedTitle = feedTitle,
                SiteUrl = siteUrl,
                outcome.CheckedAt,
                outcome.NextDueAt,
                RedirectError = redirectError,
                outcome.HttpStatus,
                outcome.RetryAfterUntil,
                outcome.SkippedEntries,
                HasMetadata = SourceStore.Flag(outcome.Metadata is not null),
                FeedLanguage = outcome.Metadata?.Language,
                FeedDescription = outcome.Metadata?.Description,
                FeedImageUrl = outcome.Metadata?.ImageUrl,
                FeedUpdatedAt = outcome.Metadata?.UpdatedAt,
                PollCadence = outcome.EntryTimes is { } entryTimes && outcome.DocumentHints is { } hints ? CadenceColumn.Write(entryTimes, hints) : null,
                EffectiveIntervalSeconds = outcome.Effective is { } effective ? (long?)Math.Max(1, (long)effective.Interval.TotalSeconds) : null,
                IntervalReason = outcome.Effective?.Reason,
                outcome.DocumentHash,
                DocumentItemIds = outcome.DocumentHash is null ? null : DocumentItemIds.Write(outcome.ListedItemIds),
                Now = now,
            });
        if (written == 0)
        {
            return PollRecord.Left;
        }

        bool faceChanged = (source.Title is null && feedTitle is not null) || (!IsWebUrl(source.SiteUrl) && siteUrl is not null)
            || (outcome.Metadata is not null && !string.Equals(source.FeedImageUrl, outcome.Metadata.ImageUrl, StringComparison.Ordinal));
        await RememberMoveAsync(session, source, urlKey, now);
        return new PollRecord(Written: true, faceChanged);
    }

    private static string Statement(bool moved, bool fenced, string plain, string movedSql, string fencedSql, string movedFencedSql) =>
        moved ? (fenced ? movedFencedSql : movedSql) : (fenced ? fencedSql : plain);

    /// <summary>A source that moved remembers its old address, once its row has moved (a record left
    /// out moves nothing).</summary>
    private static Task RememberMoveAsync(StorageSession session, PollTarget source, string urlKey, DateTimeOffset now) =>
        string.Equals(urlKey, source.UrlKey, StringComparison.Ordinal)
            ? Task.CompletedTask
            : SourceAliases.RememberMoveAsync(session, source.Id, source.Url, source.UrlKey, urlKey, now);

    /// <summary>A permanent redirect becomes the source's URL unless another source already
    /// polls that address; then the redirect is reported as the source's error instead.</summary>
    private static async Task<(string Url, string UrlKey, string? Error)> ResolveUrlAsync(StorageSession session, PollTarget source, string? newUrl)
    {
        if (string.IsNullOrWhiteSpace(newUrl))
        {
            return (source.Url, source.UrlKey, null);
        }

        string? newKey = SourceUrlKey.TryFrom(newUrl);
        if (newKey is null)
        {
            return (source.Url, source.UrlKey, $"Permanent redirect to {newUrl} was not applied: it is not an absolute http or https URL.");
        }

        long? holder = await SourceAliases.FindOwnerAsync(session, newKey, exceptId: source.Id);
        return holder is long otherId
            ? (source.Url, source.UrlKey, $"Permanent redirect to {newUrl} was not applied: source {otherId} already has that URL.")
            : (newUrl.Trim(), newKey, null);
    }

    // Site links stored before only web URLs were kept (javascript: ...) give way to the feed's
    // current one; the SQL above applies the same test.
    private static bool IsWebUrl(string? url) =>
        url is not null
        && (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The part of a source row a poll record needs.</summary>
internal class PollTarget
{
    public long Id { get; set; }
    public string Url { get; set; } = "";
    public string UrlKey { get; set; } = "";
    public string? Title { get; set; }
    public string? SiteUrl { get; set; }
    public string? FeedImageUrl { get; set; }

    /// <summary>The worker whose claim the source is under (clustered workers), or null.</summary>
    public string? ClaimedBy { get; set; }
}

/// <summary>What a poll's record did to the source row.</summary>
/// <param name="Written">False when the record was left out: the poll's claim was handed back
/// (<see cref="PollOutcome.ClaimedBy"/>), or the row is gone.</param>
/// <param name="FaceChanged">The source's title or site link, which the feeds show, was filled in,
/// or its feed image, which the home page shows, changed.</param>
internal readonly record struct PollRecord(bool Written, bool FaceChanged)
{
    public static PollRecord Left => default;
}
