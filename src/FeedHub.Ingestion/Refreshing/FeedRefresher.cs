using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using FeedHub.Core.Dates;
using FeedHub.Core.Items;
using FeedHub.Core.Rules;
using FeedHub.Core.Scheduling;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Fetching;
using FeedHub.Ingestion.Normalizing;
using FeedHub.Ingestion.Parsing;
using FeedHub.Ingestion.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedHub.Ingestion.Refreshing;

/// <summary>Refreshes one source, top to bottom: load → conditional GET → (304: stamp and stop)
/// → (a 200 of the document last parsed, byte for byte: touch its items, stamp and stop)
/// → decode, gate, parse → normalize → dedup → store items and the source's new state in one
/// transaction. The only type that knows the order of the stages. Dedup runs inside the store's
/// transaction (candidates must be read under the same write lock the answer is written with):
/// item identity and revisions by item key and content hash, then story matching, decided by
/// <see cref="FeedHub.Core.Stories.StoryMatcher"/> over the candidates storage loads. The source's
/// keep and block rules mark the items they block before the store sees them.</summary>
public sealed partial class FeedRefresher(
    ISourceStore sources,
    IItemStore items,
    IFeedFetcher fetcher,
    IFeedParser parser,
    ChangedEntries changedEntries,
    DocumentHash documents,
    IOptions<FetchOptions> fetchOptions,
    PollSchedule schedule,
    SecretProtector secrets,
    CadenceSettings cadence,
    TimeProvider time,
    ILogger<FeedRefresher> logger,
    RefreshMetrics metrics)
{
    /// <summary>What a source paused because its server says the feed is gone shows as its error.</summary>
    public const string GoneError = "paused: the server says the feed is gone (410)";

    // A message-template scope: console formatters print it as text, JSON ones as fields, so
    // every line of the poll (fetcher and parser included) carries the source's id and URL.
    private static readonly Func<ILogger, long, string, IDisposable?> SourceScope =
        LoggerMessage.DefineScope<long, string>("Source {SourceId} {FeedUrl}");

    /// <summary>Polls the source once, outside any claim (a single worker's schedule, the command line).</summary>
    public Task<RefreshResult> RefreshAsync(long sourceId, CancellationToken cancellationToken) =>
        RefreshAsync(sourceId, claimedBy: null, cancellationToken);

    /// <summary>Polls the source once.</summary>
    /// <param name="claimedBy">The clustered worker whose claim of the source the poll runs under
    /// (<see cref="PollOutcome.ClaimedBy"/>), or null.</param>
    public async Task<RefreshResult> RefreshAsync(long sourceId, string? claimedBy, CancellationToken cancellationToken)
    {
        FeedSource? source = await sources.GetAsync(sourceId, cancellationToken);
        if (source is null || !source.Enabled)
        {
            return new RefreshResult(sourceId, RefreshStatus.Skipped);
        }

        using IDisposable? scope = SourceScope(logger, source.Id, source.Url);
        using Activity? poll = RefreshTracing.Source.StartActivity("poll");
        poll?.SetTag(RefreshTracing.SourceIdTag, source.Id);
        long started = time.GetTimestamp();
        RefreshResult result;
        try
        {
            result = await PollAsync(source, claimedBy, started, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = await RecordThrownAsync(source, claimedBy, ex, started, poll, cancellationToken);
        }

        if (result.Status == RefreshStatus.Failed)
        {
            poll?.SetStatus(ActivityStatusCode.Error, result.Error);
        }

        metrics.Polled(result.Status);
        return result;
    }

    private async Task<RefreshResult> PollAsync(FeedSource source, string? claimedBy, long started, CancellationToken cancellationToken)
    {
        try
        {
            SourceFetchSettings settings;
            try
            {
                settings = source.Fetch with { Headers = secrets.UnprotectAll(source.Fetch.Headers) };
            }
            catch (SecretUnavailableException ex)
            {
                // Fetching without the headers would only earn a 401, or worse, content meant for nobody.
                return await RecordFailureAsync(source, claimedBy, $"the source's request headers cannot be read: {ex.Message}", null, null, started, cancellationToken);
            }

            var request = new FetchRequest(new Uri(source.Url), source.ETag, source.LastModified) { Settings = settings };
            FetchResult fetched;
            using (RefreshTracing.Source.StartActivity("fetch"))
            {
                fetched = await fetcher.FetchAsync(request, cancellationToken);
            }

            TimeSpan fetchTime = time.GetElapsedTime(started);
            metrics.Fetched(fetched, fetchTime);
            LogFetched(source.Id, source.Url, fetched.Status, fetched.HttpStatus, fetched.Body.Length, fetchTime.TotalMilliseconds);
            return fetched.Status switch
            {
                FetchStatus.NotModified => await RecordNotModifiedAsync(source, claimedBy, fetched, started, cancellationToken),
                FetchStatus.Ok => await StoreAsync(source, claimedBy, fetched, started, cancellationToken),
                _ => await RecordFailureAsync(source, claimedBy, fetched.Error ?? "fetch failed", fetched.HttpStatus, fetched.RetryAfter, started, cancellationToken),
            };
        }
        catch (FeedParseException ex)
        {
            return await RecordFailureAsync(source, claimedBy, ex.Message, 200, null, started, cancellationToken);
        }
    }

    /// <summary>A poll that threw rather than ended in an outcome: mostly a write the database
    /// refused (the SQLite writer's batch could not take the lock within the command timeout, a full
    /// disk, a constraint a bug broke), whose batch-mates may well have been stored. Like a failed
    /// fetch, it is the source's error, tried again within a minute as the job did (not backed off: the
    /// source is not at fault), where the database still takes that small write; where it does not
    /// either, the poll throws as before (the caller retries it soon) and the counter is the trace.</summary>
    private async Task<RefreshResult> RecordThrownAsync(FeedSource source, string? claimedBy, Exception thrown, long started, Activity? poll, CancellationToken cancellationToken)
    {
        bool storage = IsStorageError(thrown);
        poll?.SetStatus(ActivityStatusCode.Error, thrown.Message);
        RefreshResult recorded;
        try
        {
            string what = storage ? "unable to store the poll" : "the poll failed unexpectedly";
            DateTimeOffset retry = schedule.AfterStoreFailure(source.Interval ?? source.Effective?.Interval, time.GetUtcNow());
            recorded = await RecordFailureAsync(source, claimedBy, $"{what}: {thrown.GetType().Name}: {thrown.Message}", null, null, started, cancellationToken, retry);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.Thrown(storage, recorded: false);
            metrics.Polled(RefreshStatus.Failed);
            LogThrownUnrecorded(ex, source.Id, source.Url);
            ExceptionDispatchInfo.Throw(thrown);
            throw;
        }

        metrics.Thrown(storage, recorded: true);
        LogThrownRecorded(thrown, source.Id, source.Url);
        return recorded;
    }

    private static bool IsStorageError(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<RefreshResult> RecordNotModifiedAsync(FeedSource source, string? claimedBy, FetchResult fetched, long started, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        PublisherHints hints = source.DocumentHints.WithHeaders(fetched.Hints);
        EffectiveInterval effective = PollCadence.Decide(source.Interval, source.EntryTimes, hints, now, cadence);
        DateTimeOffset next = schedule.AfterSuccess(effective, hints, now);
        var outcome = new PollOutcome
        {
            CheckedAt = now,
            HttpStatus = fetched.HttpStatus,
            NextDueAt = next,
            Effective = effective,
            // A feed that moved permanently may still be unchanged at its new address.
            NewUrl = fetched.PermanentRedirectUrl?.AbsoluteUri,
            ClaimedBy = claimedBy,
        };
        Superseded(source, await sources.RecordPollAsync(source.Id, outcome, cancellationToken));
        LogNotModified(source.Id, source.Url, time.GetElapsedTime(started).TotalMilliseconds);
        return new RefreshResult(source.Id, RefreshStatus.NotModified, NextDueAt: next);
    }

    private readonly bool _skipUnchangedDocuments = fetchOptions.Value.SkipUnchangedDocuments;

    private async Task<RefreshResult> StoreAsync(FeedSource source, string? claimedBy, FetchResult fetched, long started, CancellationToken cancellationToken)
    {
        string documentHash = documents.Compute(source, fetched);
        if (_skipUnchangedDocuments && string.Equals(documentHash, source.DocumentHash, StringComparison.Ordinal)
            && await RecordUnchangedDocumentAsync(source, claimedBy, fetched, documentHash, started, cancellationToken) is { } recorded)
        {
            return recorded;
        }

        ParsedFeed feed = Parse(fetched);
        DateTimeOffset now = time.GetUtcNow();
        // Entries stored as they are now are only touched; the rest are normalized.
        ChangedEntries.Result changed = await changedEntries.NormalizeAsync(source.Id, feed, fetched.FinalUrl, now, cancellationToken);
        NormalizationResult normalized = changed.Normalized;
        metrics.Known(changed.KnownEntries);
        LogSkipped(source, normalized.SkippedEntries);

        if (normalized.BeyondLimit > 0)
        {
            LogItemsCut(source.Id, source.Url, feed.Items.Count - normalized.BeyondLimit, feed.Items.Count);
        }

        ChannelFields channel = ChannelFields.From(feed, fetched.FinalUrl);
        // An entry without a usable date carries the poll's time: no evidence of when it was posted.
        // A known entry's time joined the history when it was new.
        IReadOnlyList<DateTimeOffset> entryTimes = PostingHistory.Merge(
            source.EntryTimes, normalized.Items.Where(i => i.PublishedAt != now).Select(i => (DateTimeOffset?)i.PublishedAt), now);
        PublisherHints hints = feed.Hints.WithHeaders(fetched.Hints);
        EffectiveInterval effective = PollCadence.Decide(source.Interval, entryTimes, hints, now, cadence);
        DateTimeOffset next = schedule.AfterSuccess(effective, hints, now);
        FeedMetadata metadata = FeedMetadataNormalizer.Normalize(feed, fetched.FinalUrl, now);
        PollOutcome outcome = Fetched(fetched, now, next, effective, entryTimes, feed.Hints.DocumentPart) with
        {
            // Capped, plain and safe as text or HTML (ChannelFields); the site link only as http(s).
            FeedTitle = channel.Title,
            SiteUrl = channel.SiteUrl,
            SkippedEntries = normalized.SkippedEntries.Count,
            Metadata = metadata,
            DecidedWith = source.Rules,
            ListedItemIds = changed.ListedItemIds,
            StoredAhead = changed.StoredAhead,
            DocumentHash = OnlyTouches(feed, changed, hints, now) ? documentHash : null,
            ClaimedBy = claimedBy,
        };
        // Dedup + store: each new item joins a story or starts one (StoryMatcher), in the commit.
        StoreResult stored;
        using (RefreshTracing.Source.StartActivity("store"))
        {
            stored = await items.CommitRefreshAsync(source.Id, ApplyRules(source, normalized.Items), outcome, cancellationToken);
        }

        metrics.Stored(stored);
        Superseded(source, stored.Recorded);
        LogStored(source.Id, source.Url, normalized.Items.Count + changed.KnownEntries, stored.Added, stored.Updated, changed.KnownEntries, time.GetElapsedTime(started).TotalMilliseconds);
        return new RefreshResult(source.Id, RefreshStatus.Updated, stored.Added, stored.Updated, NextDueAt: next);
    }

    /// <summary>What a 200's record takes from the response and the schedule, parsed or not.</summary>
    private static PollOutcome Fetched(FetchResult fetched, DateTimeOffset now, DateTimeOffset next, EffectiveInterval effective, IReadOnlyList<DateTimeOffset> entryTimes, PublisherHints? documentHints) => new()
    {
        CheckedAt = now,
        HttpStatus = fetched.HttpStatus,
        ETag = fetched.ETag,
        LastModified = fetched.LastModified,
        NextDueAt = next,
        Effective = effective,
        EntryTimes = entryTimes,
        DocumentHints = documentHints,
        NewUrl = fetched.PermanentRedirectUrl?.AbsoluteUri,
    };

    /// <summary>Whether a parse of this document again, at any later time, would store what this one
    /// does and nothing more, so that its hash may be kept (<see cref="RecordUnchangedDocumentAsync"/>):
    /// every entry known by its raw hash (nothing normalized, skipped or cut: the commit only touches
    /// <see cref="ChangedEntries.Result.ListedItemIds"/>), the feed's update time not still in the
    /// future (it is kept once it has passed), and the document's scheduling hints in whole seconds (as
    /// the source row keeps them, which is where the next poll reads them from).</summary>
    private static bool OnlyTouches(ParsedFeed feed, ChangedEntries.Result changed, PublisherHints hints, DateTimeOffset now) =>
        feed.Items.Count > 0
        && changed.KnownEntries == feed.Items.Count
        && changed.Normalized.Items.Count == 0
        && changed.Normalized.SkippedEntries.Count == 0
        && changed.Normalized.BeyondLimit == 0
        && (!FeedDateParser.TryParse(feed.Updated, out DateTimeOffset updated) || updated <= now)
        && WholeSeconds(hints.Ttl)
        && WholeSeconds(hints.UpdatePeriod);

    private static bool WholeSeconds(TimeSpan? value) => value is not { } span || span.Ticks % TimeSpan.TicksPerSecond == 0;

    /// <summary>A 200 whose document hash the source keeps: what the commit of a parse of it would
    /// write (<see cref="OnlyTouches"/>), without the parse. The listed items are touched; the poll is
    /// recorded with this response's validators and cache headers, and the document's own part (its
    /// hints, title, site link, metadata, no entry skipped) as the source row keeps it from that parse;
    /// the posting history gains nothing, as with every entry known. Null when the store no longer
    /// keeps the hash (cleared meanwhile): the document is parsed.</summary>
    private async Task<RefreshResult?> RecordUnchangedDocumentAsync(FeedSource source, string? claimedBy, FetchResult fetched, string documentHash, long started, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        IReadOnlyList<DateTimeOffset> entryTimes = PostingHistory.Merge(source.EntryTimes, [], now);
        PublisherHints hints = source.DocumentHints.WithHeaders(fetched.Hints);
        EffectiveInterval effective = PollCadence.Decide(source.Interval, entryTimes, hints, now, cadence);
        DateTimeOffset next = schedule.AfterSuccess(effective, hints, now);
        PollOutcome outcome = Fetched(fetched, now, next, effective, entryTimes, source.DocumentHints) with
        {
            // The row holds what that parse's record left: title and site link are only filled in
            // where empty, so the row's own values leave them as the document's would.
            FeedTitle = source.Title,
            SiteUrl = source.SiteUrl,
            SkippedEntries = 0,
            Metadata = source.Feed,
            DecidedWith = source.Rules,
            DocumentHash = documentHash,
            ClaimedBy = claimedBy,
        };
        StoreResult? stored;
        using (RefreshTracing.Source.StartActivity("store"))
        {
            stored = await items.CommitUnchangedDocumentAsync(source.Id, outcome, cancellationToken);
        }

        if (stored is null)
        {
            return null;
        }

        metrics.UnchangedDocument();
        metrics.Stored(stored);
        Superseded(source, stored.Recorded);
        LogUnchangedDocument(source.Id, source.Url, stored.Unchanged, time.GetElapsedTime(started).TotalMilliseconds);
        return new RefreshResult(source.Id, RefreshStatus.Updated, stored.Added, stored.Updated, NextDueAt: next);
    }

    /// <summary>Marks the items the source's rules block; they are stored all the same, so that a
    /// change of rules can bring them back.</summary>
    private IReadOnlyList<FeedItem> ApplyRules(FeedSource source, IReadOnlyList<FeedItem> normalized)
    {
        if (source.Rules.IsEmpty)
        {
            return normalized;
        }

        var matcher = new ItemRuleMatcher(source.Rules);
        var marked = new List<FeedItem>(normalized.Count);
        int blocked = 0, timedOut = 0;
        foreach (FeedItem item in normalized)
        {
            RuleVerdict verdict = matcher.Evaluate(RuleSubject.From(item));
            blocked += verdict.BlockedBy is null ? 0 : 1;
            timedOut += verdict.RegexTimedOut ? 1 : 0;
            marked.Add(item with { BlockedBy = verdict.BlockedBy });
        }

        if (timedOut > 0)
        {
            LogRegexTimedOut(source.Id, source.Url, timedOut);
        }

        if (blocked > 0)
        {
            LogBlocked(source.Id, source.Url, blocked, normalized.Count);
        }

        return marked;
    }

    /// <summary>One line per reason, with how many entries and one of them: a feed that repeats one
    /// broken entry a thousand times must not write a thousand lines every poll.</summary>
    private void LogSkipped(FeedSource source, IReadOnlyList<SkippedEntry> skipped)
    {
        foreach (IGrouping<string, SkippedEntry> reason in skipped.GroupBy(s => s.Reason, StringComparer.Ordinal))
        {
            LogEntriesSkipped(source.Id, source.Url, reason.Count(), reason.Key, reason.First().Entry);
        }
    }

    /// <summary>A record left out because the poll's claim was handed back while it ran (its worker
    /// was taken for dead): counted and told, since it means a stall as long as the cluster's patience.</summary>
    private void Superseded(FeedSource source, bool recorded)
    {
        if (!recorded)
        {
            metrics.Superseded();
            LogSuperseded(source.Id, source.Url);
        }
    }

    private ParsedFeed Parse(FetchResult fetched)
    {
        using Activity? parse = RefreshTracing.Source.StartActivity("parse");
        try
        {
            return parser.Parse(new FeedDocument(fetched.Body, fetched.ContentType, fetched.FinalUrl));
        }
        catch (Exception ex) when (ex is not FeedParseException and not OperationCanceledException)
        {
            // A parser bug on one hostile document must not take the worker down; it is that feed's error.
            throw new FeedParseException($"unreadable feed: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private async Task<RefreshResult> RecordFailureAsync(FeedSource source, string? claimedBy, string error, int? httpStatus, TimeSpan? retryAfter, long started, CancellationToken cancellationToken, DateTimeOffset? retryAt = null)
    {
        DateTimeOffset now = time.GetUtcNow();
        int failures = source.ConsecutiveFailures + 1;
        if (httpStatus == SourceStates.GoneHttpStatus)
        {
            // 410 is the server saying "don't come back": polling on would only be impolite.
            Superseded(source, await sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = now, HttpStatus = httpStatus, Error = GoneError, PauseSource = true, ClaimedBy = claimedBy }, cancellationToken));
            LogGone(source.Id, source.Url);
            return new RefreshResult(source.Id, RefreshStatus.Failed, Error: GoneError);
        }

        // Backoff starts from the interval the source is polled on, not from the default.
        DateTimeOffset next = retryAt ?? schedule.AfterFailure(source.Interval ?? source.Effective?.Interval, failures, retryAfter, now);
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            error += "; " + DescribeRetryAfter(asked, now);
        }

        var outcome = new PollOutcome
        {
            CheckedAt = now,
            HttpStatus = httpStatus,
            Error = error,
            RetryAfterUntil = retryAfter is { } wait ? now + PollSchedule.CapRetryAfter(wait) : null,
            NextDueAt = next,
            ClaimedBy = claimedBy,
        };
        Superseded(source, await sources.RecordPollAsync(source.Id, outcome, cancellationToken));
        LogFailed(source.Id, source.Url, error, failures, IsoTime.Utc(next), time.GetElapsedTime(started).TotalMilliseconds);
        return new RefreshResult(source.Id, RefreshStatus.Failed, Error: error, NextDueAt: next);
    }

    /// <summary>Why the source waits, for its status: the wait the server asked for and, past the
    /// longest FeedHub honours, that it was cut short.</summary>
    private static string DescribeRetryAfter(TimeSpan asked, DateTimeOffset now)
    {
        TimeSpan honoured = PollSchedule.CapRetryAfter(asked);
        if (honoured == asked)
        {
            return $"the server asked to wait until {(now + asked).ToString("u", CultureInfo.InvariantCulture)} (Retry-After)";
        }

        string askedUntil = DateTimeOffset.MaxValue - now > asked
            ? (now + asked).ToString("u", CultureInfo.InvariantCulture)
            : "the end of time";
        return $"the server asked to wait until {askedUntil} (Retry-After); waiting {honoured.TotalDays.ToString("0.###", CultureInfo.InvariantCulture)} days, the longest FeedHub honours";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll of {SourceId} {FeedUrl} ended after the cluster handed its claim back (this worker was taken for dead); its items were stored, the source's record was left to the newer poll")]
    private partial void LogSuperseded(long sourceId, string feedUrl);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poll of {SourceId} {FeedUrl} threw; recorded as its error")]
    private partial void LogThrownRecorded(Exception exception, long sourceId, string feedUrl);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poll of {SourceId} {FeedUrl} threw and its error could not be recorded either")]
    private partial void LogThrownUnrecorded(Exception exception, long sourceId, string feedUrl);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fetched {SourceId} {FeedUrl}: {FetchStatus}, HTTP {HttpStatus}, {Bytes} bytes ({ElapsedMs:F0} ms)")]
    private partial void LogFetched(long sourceId, string feedUrl, FetchStatus fetchStatus, int? httpStatus, int bytes, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Paused {SourceId} {FeedUrl}: the server says the feed is gone (410)")]
    private partial void LogGone(long sourceId, string feedUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Polled {SourceId} {FeedUrl}: not modified ({ElapsedMs:F0} ms)")]
    private partial void LogNotModified(long sourceId, string feedUrl, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Polled {SourceId} {FeedUrl}: {ItemCount} items, {NewItems} new, {UpdatedItems} updated, {KnownItems} known unchanged ({ElapsedMs:F0} ms)")]
    private partial void LogStored(long sourceId, string feedUrl, int itemCount, int newItems, int updatedItems, int knownItems, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Polled {SourceId} {FeedUrl}: the document as last parsed, byte for byte; {KnownItems} items touched, not parsed again ({ElapsedMs:F0} ms)")]
    private partial void LogUnchangedDocument(long sourceId, string feedUrl, int knownItems, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unable to refresh {SourceId} {FeedUrl}: {Error} (failure {ConsecutiveFailures} in a row, next poll {NextDueAt}, {ElapsedMs:F0} ms)")]
    private partial void LogFailed(long sourceId, string feedUrl, string error, int consecutiveFailures, string nextDueAt, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kept the newest {KeptItems} of {ItemCount} items of {SourceId} {FeedUrl}: more than FeedHub:Fetch:MaxItemsPerFeed")]
    private partial void LogItemsCut(long sourceId, string feedUrl, int keptItems, int itemCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rules of {SourceId} {FeedUrl} block {BlockedCount} of its {ItemCount} items")]
    private partial void LogBlocked(long sourceId, string feedUrl, int blockedCount, int itemCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A regular expression rule of {SourceId} {FeedUrl} ran out of time on {ItemCount} items and counted as not matching them")]
    private partial void LogRegexTimedOut(long sourceId, string feedUrl, int itemCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {SkippedCount} entries of {SourceId} {FeedUrl}: {Reason} (for example {ExampleEntry})")]
    private partial void LogEntriesSkipped(long sourceId, string feedUrl, int skippedCount, string reason, string exampleEntry);
}
