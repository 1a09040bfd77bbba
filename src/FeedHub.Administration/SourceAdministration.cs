using FeedHub.Administration.Discovery;
using FeedHub.Administration.Opml;
using FeedHub.Administration.Retention;
using FeedHub.Core.Links;
using FeedHub.Core.Retention;
using FeedHub.Core.Rules;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Core.Text;
using FeedHub.Ingestion.Fetching;
using FeedHub.Ingestion.Secrets;
using Microsoft.Extensions.Options;

namespace FeedHub.Administration;

/// <summary>Every change admins make to sources, for the HTTP API and the command line alike:
/// input is checked the same way, every change is audited with its actor, and a running worker
/// is told so it reschedules at once.</summary>
public sealed partial class SourceAdministration(
    ISourceStore sources,
    ISourceAdminStore adminStore,
    IAuditLog audit,
    NetworkAddressPolicy addressPolicy,
    FeedDiscovery discovery,
    SecretProtector secrets,
    IOptions<FetchOptions> fetchOptions,
    IEnumerable<ISourceChangeObserver> observers,
    IRetentionStore retention,
    RetentionPurger purger,
    TimeProvider time,
    ILogger<SourceAdministration> logger)
{
    public async Task<IReadOnlyList<SourceView>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<FeedSource> all = await sources.ListAsync(cancellationToken);
        IReadOnlyDictionary<long, long> counts = await adminStore.CountItemsAsync(cancellationToken);
        IReadOnlyDictionary<long, IReadOnlyDictionary<string, long>> blocked = await adminStore.CountBlockedAsync(cancellationToken);
        return all.Select(s => new SourceView(s, counts.GetValueOrDefault(s.Id), blocked.GetValueOrDefault(s.Id))).ToArray();
    }

    public async Task<SourceView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        FeedSource? source = await sources.GetAsync(id, cancellationToken);
        if (source is null)
        {
            return null;
        }

        IReadOnlyDictionary<long, long> counts = await adminStore.CountItemsAsync(cancellationToken);
        IReadOnlyDictionary<long, IReadOnlyDictionary<string, long>> blocked = await adminStore.CountBlockedAsync(cancellationToken);
        return new SourceView(source, counts.GetValueOrDefault(id), blocked.GetValueOrDefault(id));
    }

    /// <param name="probeFeed">Fetch the URL once and refuse it unless it is a feed; fills a missing title.</param>
    public async Task<AdminOutcome> AddAsync(SourceInput input, bool probeFeed, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var fields = new SourceFields();
        (Uri? url, string? urlError) = SourceUrlPolicy.Validate(input.Url, addressPolicy);
        if (url is null)
        {
            fields.Add("url", $"The URL is not accepted: {urlError}.");
        }

        string? title = fields.Title(input.Title);
        IReadOnlyList<string> tags = fields.Tags(input.Tags) ?? [];
        TimeSpan? interval = fields.Interval(input.Interval);
        IReadOnlyList<string> credits = fields.Credits(input.Credits) ?? [];
        var fetch = new SourceFetchSettings
        {
            UserAgent = fields.UserAgent(input.UserAgent),
            Headers = fields.Headers(input.Headers) ?? new Dictionary<string, string>(),
            Timeout = fields.Timeout(input.Timeout, fetchOptions.Value.Timeout),
            MaxResponseBytes = fields.MaxResponseBytes(input.MaxResponseBytes, fetchOptions.Value.MaxResponseBytes),
        };
        var rules = new ItemRules { Keep = fields.Rules("keepRules", input.KeepRules) ?? [], Block = fields.Rules("blockRules", input.BlockRules) ?? [] };
        if (!fields.IsValid || url is null)
        {
            return AdminOutcome.Invalid(fields);
        }

        FeedSource? existing = await FindLiveAsync(url, cancellationToken);
        if (existing is not null)
        {
            return new AdminOutcome(AdminStatus.Duplicate, await GetAsync(existing.Id, cancellationToken), $"Source {existing.Id} already has the URL {existing.Url}.");
        }

        var settings = new NewSource(title, tags, interval, input.IsOrigin ?? false, credits, fetch, rules);
        if (!probeFeed)
        {
            return Created([await AddOneAsync(url, settings, null, actor, cancellationToken)]);
        }

        DiscoveryResult discovered = await discovery.DiscoverAsync(url, fetch, cancellationToken);
        if (discovered.Error is not null)
        {
            return new AdminOutcome(AdminStatus.NotAFeed, Error: discovered.Error);
        }

        if (discovered.IsFeed)
        {
            return Created([await AddOneAsync(url, settings with { Title = title ?? discovered.Feeds[0].Title }, null, actor, cancellationToken)]);
        }

        return await AddFoundAsync(url, discovered.Feeds, input, settings, actor, cancellationToken);
    }

    public async Task<AdminOutcome> UpdateAsync(long id, SourcePatch patch, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        FeedSource? before = await sources.GetAsync(id, cancellationToken);
        if (before is null)
        {
            return AdminOutcome.NotFound(id);
        }

        var fields = new SourceFields();
        Uri? newUrl = null;
        if (patch.Url is not null)
        {
            (newUrl, string? urlError) = SourceUrlPolicy.Validate(patch.Url, addressPolicy);
            if (newUrl is null)
            {
                fields.Add("url", $"The URL is not accepted: {urlError}.");
            }
        }

        if (patch.UseDefaultInterval && patch.Interval is not null)
        {
            fields.Add("interval", "Give an interval or ask for the default, not both.");
        }

        if (patch.UseDefaultUserAgent && patch.UserAgent is not null)
        {
            fields.Add("userAgent", "Give a user agent or ask for the default, not both.");
        }

        if (patch.UseDefaultTimeout && patch.Timeout is not null)
        {
            fields.Add("timeout", "Give a timeout or ask for the default, not both.");
        }

        if (patch.UseDefaultMaxResponseBytes && patch.MaxResponseBytes is not null)
        {
            fields.Add("maxResponseBytes", "Give a byte limit or ask for the default, not both.");
        }

        string? title = fields.Title(patch.Title);
        IReadOnlyList<string>? tags = fields.Tags(patch.Tags);
        TimeSpan? interval = fields.Interval(patch.Interval);
        IReadOnlyList<string>? credits = fields.Credits(patch.Credits);
        string? userAgent = fields.UserAgent(patch.UserAgent);
        HashSet<string> masked = MaskedNames(patch.Headers, before.Fetch.Headers);
        IReadOnlyDictionary<string, string>? headers = fields.Headers(patch.Headers);
        TimeSpan? timeout = fields.Timeout(patch.Timeout, fetchOptions.Value.Timeout);
        long? maxBytes = fields.MaxResponseBytes(patch.MaxResponseBytes, fetchOptions.Value.MaxResponseBytes);
        IReadOnlyList<ItemRule>? keepRules = fields.Rules("keepRules", patch.KeepRules);
        IReadOnlyList<ItemRule>? blockRules = fields.Rules("blockRules", patch.BlockRules);
        if (!fields.IsValid)
        {
            return AdminOutcome.Invalid(fields);
        }

        string url = before.Url;
        if (newUrl is not null)
        {
            switch (await adminStore.ChangeUrlAsync(id, newUrl.OriginalString.Trim(), cancellationToken))
            {
                case UrlChange.NotFound:
                    return AdminOutcome.NotFound(id);
                case UrlChange.Taken:
                    return new AdminOutcome(AdminStatus.Duplicate, Error: $"Another source (possibly a removed one whose items are still published) has the URL {newUrl.OriginalString}.");
                default:
                    url = newUrl.OriginalString.Trim();
                    break;
            }
        }

        await sources.UpsertAsync(new SourceDefinition
        {
            Url = url,
            Title = title ?? before.Title,
            Tags = tags ?? before.Tags,
            Interval = patch.UseDefaultInterval ? null : interval ?? before.Interval,
            IsOrigin = patch.IsOrigin ?? before.IsOrigin,
            Credits = credits ?? before.Credits,
        }, cancellationToken);
        if (patch.Enabled is bool enabled && enabled != before.Enabled)
        {
            await sources.SetEnabledAsync(id, enabled, cancellationToken);
        }

        var fetch = new SourceFetchSettings
        {
            UserAgent = patch.UseDefaultUserAgent ? null : userAgent ?? before.Fetch.UserAgent,
            Headers = headers is null ? before.Fetch.Headers : ProtectChanged(headers, masked, before.Fetch.Headers),
            Timeout = patch.UseDefaultTimeout ? null : timeout ?? before.Fetch.Timeout,
            MaxResponseBytes = patch.UseDefaultMaxResponseBytes ? null : maxBytes ?? before.Fetch.MaxResponseBytes,
        };
        if (fetch != before.Fetch)
        {
            await adminStore.SetFetchSettingsAsync(id, fetch, cancellationToken);
        }

        var rules = new ItemRules { Keep = keepRules ?? before.Rules.Keep, Block = blockRules ?? before.Rules.Block };
        if (!rules.SameAs(before.Rules))
        {
            await adminStore.SetItemRulesAsync(id, rules, cancellationToken);
        }

        FeedSource? stored = await sources.GetAsync(id, cancellationToken);
        SourceView? after = await GetAsync(id, cancellationToken);
        if (after is null || stored is null)
        {
            return AdminOutcome.NotFound(id);
        }

        string diff = SourceChanges.Diff(before, stored);
        await RecordAsync(actor, "update", id, diff, cancellationToken);
        bool pollSoon = after.Source.Url != before.Url || after.Source.Interval != before.Interval;
        await NotifyAsync(id, pollSoon, cancellationToken);
        return new AdminOutcome(AdminStatus.Ok, after);
    }

    public async Task<AdminOutcome> SetEnabledAsync(long id, bool enabled, string actor, CancellationToken cancellationToken)
    {
        FeedSource? before = await sources.GetAsync(id, cancellationToken);
        if (before is null || !await sources.SetEnabledAsync(id, enabled, cancellationToken))
        {
            return AdminOutcome.NotFound(id);
        }

        string action = enabled ? "resume" : "pause";
        string details = before.Enabled == enabled ? $"already {(enabled ? "active" : "paused")}" : $"state: {(enabled ? "paused → active" : "active → paused")}";
        await RecordAsync(actor, action, id, details, cancellationToken);
        await NotifyAsync(id, pollSoon: false, cancellationToken);
        return new AdminOutcome(AdminStatus.Ok, await GetAsync(id, cancellationToken));
    }

    /// <param name="purge">Also delete its items (and stories only it carried); otherwise they stay published.</param>
    public async Task<AdminOutcome> RemoveAsync(long id, bool purge, string actor, CancellationToken cancellationToken)
    {
        SourceView? before = await GetAsync(id, cancellationToken);
        // A purge marks the source removed first, so no poll adds items while they are deleted.
        bool removed = before is not null
            && (purge ? await retention.MarkSourceForPurgeAsync(id, cancellationToken) : await sources.DeleteAsync(id, purgeItems: false, cancellationToken));
        if (!removed)
        {
            return AdminOutcome.NotFound(id);
        }

        string details = purge
            ? $"removed {before!.Source.Url} and purged its {before.Items} items"
            : $"removed {before!.Source.Url}; its {before.Items} items stay";
        await RecordAsync(actor, purge ? "purge" : "remove", id, details, cancellationToken);
        await NotifyAsync(id, pollSoon: false, cancellationToken);
        if (purge)
        {
            // In batches, so polls of other sources go on meanwhile; one cut short (a stop, a
            // crash) is finished by the next scheduled purge.
            await purger.PurgeSourceAsync(id, cancellationToken);
        }

        return new AdminOutcome(AdminStatus.Ok, before);
    }

    /// <summary>Adds the feeds of <paramref name="document"/> that are new, updates the existing
    /// ones (same canonical URL) whose title, tags or FeedHub settings differ, and counts the rest.
    /// Imported URLs are checked like added ones but not fetched: a thousand-feed list would
    /// otherwise take minutes and fail on any feed that is down today. Only outlines that name a
    /// site (an htmlUrl alone, or an xmlUrl that is a site's home page) are fetched, to find the
    /// feed: the first found is taken, the others are reported in <see cref="ImportSummary.Notes"/>.</summary>
    public async Task<ImportSummary> ImportAsync(OpmlDocument document, string actor, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var problems = new List<OpmlProblem>(document.Problems);
        Dictionary<string, FeedSource> existing = (await sources.ListAsync(cancellationToken))
            .Where(s => Uri.TryCreate(s.Url, UriKind.Absolute, out _))
            .ToDictionary(s => UrlCanonicalizer.Canonicalize(new Uri(s.Url)) ?? s.Url, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // Two outlines can name one source under different URLs (its own and one it was redirected
        // from): the first one read decides, as with two spellings of one URL.
        var touched = new HashSet<long>();
        var notes = new List<OpmlProblem>();
        int added = 0, updated = 0, skipped = 0;
        int total = document.Feeds.Count;

        for (int i = 0; i < total; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            OpmlFeed feed = document.Feeds[i];
            progress?.Report(new ImportProgress(i, total));
            (Uri? url, string? urlError) = SourceUrlPolicy.Validate(feed.Url, addressPolicy);
            if (url is null)
            {
                problems.Add(new OpmlProblem(feed.Line, feed.Title ?? feed.Url, $"the URL is not accepted: {urlError}"));
                continue;
            }

            if (feed.IsSite || IsSiteRoot(url))
            {
                (Uri? found, string? problem) = await FindFeedAsync(url, feed, notes, cancellationToken);
                if (found is null)
                {
                    problems.Add(new OpmlProblem(feed.Line, feed.Title ?? feed.Url, problem!));
                    continue;
                }

                url = found;
            }

            string key = UrlCanonicalizer.Canonicalize(url) ?? url.AbsoluteUri;
            if (!seen.Add(key))
            {
                skipped++;
                continue;
            }

            var fields = new SourceFields();
            string? title = fields.Title(feed.Title);
            IReadOnlyList<string>? credits = fields.Credits(feed.Credits);
            string? userAgent = fields.UserAgent(feed.UserAgent);
            IReadOnlyDictionary<string, string>? headers = fields.Headers(feed.Headers);
            TimeSpan? timeout = fields.Timeout(feed.Timeout, fetchOptions.Value.Timeout);
            long? maxBytes = fields.MaxResponseBytes(feed.MaxResponseBytes, fetchOptions.Value.MaxResponseBytes);
            IReadOnlyList<ItemRule>? keepRules = fields.Rules("keepRules", feed.KeepRules);
            IReadOnlyList<ItemRule>? blockRules = fields.Rules("blockRules", feed.BlockRules);
            if (!fields.IsValid)
            {
                problems.Add(new OpmlProblem(feed.Line, feed.Title ?? feed.Url, fields.FirstError));
                continue;
            }

            IReadOnlyList<string> tags = SourceFields.CleanImportedTags(feed.Tags);
            // The old URL of a source a permanent redirect moved is that source.
            FeedSource? current = existing.GetValueOrDefault(key) ?? await sources.FindByUrlAsync(url.OriginalString, cancellationToken);
            if (current is not null && !touched.Add(current.Id))
            {
                skipped++;
                continue;
            }

            // What the outline does not say stays as it is; headers come only from a file exported with secrets.
            SourceFetchSettings currentFetch = current?.Fetch ?? SourceFetchSettings.Default;
            ItemRules currentRules = current?.Rules ?? ItemRules.None;
            bool headersChanged = headers is not null && !SameClearHeaders(currentFetch.Headers, headers);
            var fetch = new SourceFetchSettings
            {
                UserAgent = userAgent ?? currentFetch.UserAgent,
                Headers = headersChanged ? secrets.ProtectAll(headers!) : currentFetch.Headers,
                Timeout = timeout ?? currentFetch.Timeout,
                MaxResponseBytes = maxBytes ?? currentFetch.MaxResponseBytes,
            };
            var rules = new ItemRules { Keep = keepRules ?? currentRules.Keep, Block = blockRules ?? currentRules.Block };

            long id;
            if (current is not null)
            {
                var definition = new SourceDefinition
                {
                    Url = current.Url,
                    Title = title ?? current.Title,
                    Tags = tags.Count > 0 ? tags : current.Tags,
                    Interval = feed.Interval ?? current.Interval,
                    IsOrigin = feed.IsOrigin ?? current.IsOrigin,
                    Credits = credits ?? current.Credits,
                };
                if (SameSettings(current, definition) && fetch == currentFetch && rules.SameAs(currentRules))
                {
                    skipped++;
                    continue;
                }

                id = (await sources.UpsertAsync(definition, cancellationToken)).Id;
                updated++;
            }
            else
            {
                id = (await sources.UpsertAsync(new SourceDefinition
                {
                    Url = url.OriginalString.Trim(),
                    Title = title,
                    Tags = tags,
                    Interval = feed.Interval,
                    IsOrigin = feed.IsOrigin ?? false,
                    Credits = credits ?? [],
                }, cancellationToken)).Id;
                added++;
            }

            if (current is null || fetch != currentFetch)
            {
                await adminStore.SetFetchSettingsAsync(id, fetch, cancellationToken);
            }

            if (current is null || !rules.SameAs(currentRules))
            {
                await adminStore.SetItemRulesAsync(id, rules, cancellationToken);
            }
        }

        progress?.Report(new ImportProgress(total, total));
        var summary = new ImportSummary(added, updated, skipped, problems.Count, problems) { Notes = notes };
        await RecordAsync(actor, "import", null, $"OPML {(document.Title is null ? "" : $"\"{document.Title}\" ")}with {total + document.Problems.Count} outlines: {summary}", cancellationToken);
        if (added + updated > 0)
        {
            await NotifyAsync(null, pollSoon: false, cancellationToken);
        }

        LogImported(actor, added, updated, skipped, problems.Count);
        return summary;
    }

    /// <summary>Writes every source (paused ones too) as OPML 2.0, with its rules and fetch settings.</summary>
    /// <param name="includeSecrets">Also write the sources' request headers, in clear. Without it the
    /// file never holds a header, not even its name.</param>
    /// <exception cref="SecretUnavailableException">A header asked for cannot be decrypted.</exception>
    public async Task ExportAsync(Stream output, bool includeSecrets, CancellationToken cancellationToken)
    {
        IReadOnlyList<FeedSource> all = await sources.ListAsync(cancellationToken);
        OpmlFeed[] feeds = all.Select(s => new OpmlFeed
        {
            Url = s.Url,
            Title = s.Title,
            SiteUrl = s.SiteUrl,
            Tags = s.Tags,
            Interval = s.Interval,
            IsOrigin = s.IsOrigin,
            Credits = s.Credits,
            UserAgent = s.Fetch.UserAgent,
            Timeout = s.Fetch.Timeout,
            MaxResponseBytes = s.Fetch.MaxResponseBytes,
            Headers = includeSecrets && s.Fetch.Headers.Count > 0 ? secrets.UnprotectAll(s.Fetch.Headers) : null,
            KeepRules = s.Rules.Keep.Select(r => r.ToString()).ToArray(),
            BlockRules = s.Rules.Block.Select(r => r.ToString()).ToArray(),
        }).ToArray();
        OpmlWriter.Write(output, "FeedHub sources", time.GetUtcNow(), feeds);
    }

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(int limit, long? sourceId, long? beforeId, CancellationToken cancellationToken) =>
        audit.ListAsync(limit, sourceId, beforeId, cancellationToken);

    /// <summary>Records an action taken outside this class (a refresh asked for through the API).</summary>
    public Task RecordAsync(string actor, string action, long? sourceId, string details, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry { At = time.GetUtcNow(), Actor = actor, Action = action, SourceId = sourceId, Details = details }, cancellationToken);

    private Task<FeedSource?> FindLiveAsync(Uri url, CancellationToken cancellationToken) =>
        sources.FindByUrlAsync(url.OriginalString, cancellationToken);

    private bool SameClearHeaders(IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string> clear)
    {
        if (stored.Count != clear.Count)
        {
            return false;
        }

        try
        {
            IReadOnlyDictionary<string, string> current = secrets.UnprotectAll(stored);
            return clear.All(h => current.TryGetValue(h.Key, out string? value) && value == h.Value);
        }
        catch (SecretUnavailableException)
        {
            // What cannot be read cannot be the same: the file's values replace it.
            return false;
        }
    }

    /// <summary>The names of the headers sent back as the mask a read showed: they keep their stored value.</summary>
    private static HashSet<string> MaskedNames(IReadOnlyDictionary<string, string>? given, IReadOnlyDictionary<string, string> stored) =>
        new(
            (given ?? new Dictionary<string, string>())
                .Where(h => h.Value == SourceView.SecretMask && h.Key is not null && stored.Keys.Contains(h.Key.Trim(), StringComparer.OrdinalIgnoreCase))
                .Select(h => h.Key.Trim()),
            StringComparer.OrdinalIgnoreCase);

    private Dictionary<string, string> ProtectChanged(IReadOnlyDictionary<string, string> headers, HashSet<string> masked, IReadOnlyDictionary<string, string> stored) =>
        headers.ToDictionary(
            h => h.Key,
            h => masked.Contains(h.Key)
                ? stored.First(k => string.Equals(k.Key, h.Key, StringComparison.OrdinalIgnoreCase)).Value
                : secrets.Protect(h.Key, h.Value),
            StringComparer.OrdinalIgnoreCase);

    private static bool SameSettings(FeedSource current, SourceDefinition wanted) =>
        string.Equals(current.Title, wanted.Title, StringComparison.Ordinal)
        && current.Tags.SequenceEqual(wanted.Tags, StringComparer.Ordinal)
        && current.Interval == wanted.Interval
        && current.IsOrigin == wanted.IsOrigin
        && current.Credits.SequenceEqual(wanted.Credits, StringComparer.Ordinal);

    private async Task NotifyAsync(long? sourceId, bool pollSoon, CancellationToken cancellationToken)
    {
        foreach (ISourceChangeObserver observer in observers)
        {
            try
            {
                await observer.SourcesChangedAsync(sourceId, pollSoon, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The change is committed; the periodic sync applies it if the immediate nudge failed.
                LogNotifyFailed(ex, sourceId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sources imported by {Actor}: {Added} added, {Updated} updated, {Skipped} skipped, {Invalid} invalid")]
    private partial void LogImported(string actor, int added, int updated, int skipped, int invalid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unable to reschedule after a change to source {SourceId}; the next sync will")]
    private partial void LogNotifyFailed(Exception exception, long? sourceId);
}
