using FeedHub.Administration.Discovery;
using FeedHub.Core.Rules;
using FeedHub.Core.Sources;
using FeedHub.Ingestion.Fetching;

namespace FeedHub.Administration;

/// <summary>Adding sources: one URL as given, or the feeds discovery found on a site.</summary>
public sealed partial class SourceAdministration
{
    /// <summary>Adds the feed found on <paramref name="page"/> when there is one, the one picked or all
    /// of them when asked; otherwise answers with the list and adds nothing.</summary>
    private async Task<AdminOutcome> AddFoundAsync(Uri page, IReadOnlyList<DiscoveredFeed> found, SourceInput input, NewSource settings, string actor, CancellationToken cancellationToken)
    {
        IReadOnlyList<DiscoveredFeed> chosen;
        if (input.AllFound)
        {
            chosen = found;
        }
        else if (input.Pick is int pick)
        {
            if (pick < 1 || pick > found.Count)
            {
                return AdminOutcome.Invalid("pick", $"{pick} is not one of the {found.Count} feeds found on {page.OriginalString} (1 to {found.Count}).") with { Found = found, FoundOn = page };
            }

            chosen = [found[pick - 1]];
        }
        else if (found.Count == 1)
        {
            chosen = found;
        }
        else
        {
            return new AdminOutcome(
                AdminStatus.MultipleFeeds,
                Error: $"{page.OriginalString} links {found.Count} feeds; nothing was added. Pick one, or add them all.")
            { Found = found, FoundOn = page };
        }

        var added = new List<SourceView>();
        FeedSource? duplicate = null;
        foreach (DiscoveredFeed feed in chosen)
        {
            (Uri? url, _) = SourceUrlPolicy.Validate(feed.Url.AbsoluteUri, addressPolicy);
            if (url is null)
            {
                continue;
            }

            FeedSource? existing = await FindLiveAsync(url, cancellationToken);
            if (existing is not null)
            {
                duplicate ??= existing;
                continue;
            }

            // With several feeds a title given for "the" source names none of them.
            NewSource these = settings with { Title = (chosen.Count == 1 ? settings.Title : null) ?? feed.FeedTitle ?? feed.Title };
            added.Add(await AddOneAsync(url, these, page, actor, cancellationToken));
        }

        if (added.Count == 0)
        {
            return duplicate is null
                ? new AdminOutcome(AdminStatus.NotAFeed, Error: $"None of the feeds found on {page.OriginalString} is an acceptable URL.")
                : new AdminOutcome(AdminStatus.Duplicate, await GetAsync(duplicate.Id, cancellationToken), $"Source {duplicate.Id} already has the URL {duplicate.Url}, found on {page.OriginalString}.")
                {
                    Found = found,
                    FoundOn = page,
                };
        }

        return Created(added) with { Found = found, FoundOn = page };
    }

    private async Task<SourceView> AddOneAsync(Uri url, NewSource settings, Uri? foundOn, string actor, CancellationToken cancellationToken)
    {
        // Two admins adding one URL at the same moment both land on the one row (the store upserts
        // by canonical URL): no duplicate row, only the second admin is not told it was a duplicate.
        FeedSource added = await sources.UpsertAsync(new SourceDefinition
        {
            Url = url.OriginalString.Trim(),
            Title = settings.Title,
            Tags = settings.Tags,
            Interval = settings.Interval,
            IsOrigin = settings.IsOrigin,
            Credits = settings.Credits,
        }, cancellationToken);
        // Set even when default: a removed source that comes back starts from what the admin says now.
        await adminStore.SetFetchSettingsAsync(added.Id, settings.Fetch with { Headers = secrets.ProtectAll(settings.Fetch.Headers) }, cancellationToken);
        await adminStore.SetItemRulesAsync(added.Id, settings.Rules, cancellationToken);
        added = await sources.GetAsync(added.Id, cancellationToken) ?? added;
        string details = SourceChanges.Describe(added) + (foundOn is null ? "" : $", found on {foundOn.OriginalString}");
        await RecordAsync(actor, "add", added.Id, details, cancellationToken);
        await NotifyAsync(added.Id, pollSoon: true, cancellationToken);
        return await GetAsync(added.Id, cancellationToken) ?? new SourceView(added, 0);
    }

    /// <summary>The feed to import for an outline that names a site: the site's URL when it is a feed
    /// after all, else the first feed found on it (the others go to <paramref name="notes"/>).</summary>
    private async Task<(Uri? Url, string? Problem)> FindFeedAsync(Uri site, Opml.OpmlFeed outline, List<Opml.OpmlProblem> notes, CancellationToken cancellationToken)
    {
        DiscoveryResult discovered = await discovery.DiscoverAsync(site, cancellationToken);
        if (discovered.Error is not null)
        {
            return (null, discovered.Error);
        }

        Uri first = discovered.Feeds[0].Url;
        (Uri? url, string? error) = SourceUrlPolicy.Validate(first.AbsoluteUri, addressPolicy);
        if (url is null)
        {
            return (null, $"the feed found on {site.OriginalString} is not accepted: {error}");
        }

        if (!discovered.IsFeed)
        {
            string others = discovered.Feeds.Count == 1
                ? ""
                : "; also found: " + string.Join(", ", discovered.Feeds.Skip(1).Select(f => f.Url.AbsoluteUri));
            notes.Add(new Opml.OpmlProblem(outline.Line, outline.Title ?? outline.Url, $"found {first.AbsoluteUri} on {site.OriginalString}{others}"));
        }

        return (url, null);
    }

    /// <summary>A home page given where a feed was expected: feeds are almost never served at "/".</summary>
    private static bool IsSiteRoot(Uri url) => url.AbsolutePath == "/" && url.Query.Length == 0;

    private static AdminOutcome Created(IReadOnlyList<SourceView> added) =>
        new(AdminStatus.Created, added[0]) { Added = added };

    /// <summary>The settings an admin gave for the source(s) being added.</summary>
    private sealed record NewSource(
        string? Title,
        IReadOnlyList<string> Tags,
        TimeSpan? Interval,
        bool IsOrigin,
        IReadOnlyList<string> Credits,
        SourceFetchSettings Fetch,
        ItemRules Rules);
}
