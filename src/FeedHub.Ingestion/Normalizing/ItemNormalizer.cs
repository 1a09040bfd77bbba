using FeedHub.Core.Dedup;
using FeedHub.Core.Items;
using FeedHub.Core.Links;
using FeedHub.Core.Text;
using FeedHub.Ingestion.Fetching;

namespace FeedHub.Ingestion.Normalizing;

/// <summary>Turns a parsed document into storable items. Each entry is normalized on its own: one
/// that fails is reported in <see cref="NormalizationResult.Skipped"/> and the rest go on.</summary>
public sealed class ItemNormalizer : IItemNormalizer
{
    public const string Untitled = "(untitled)";

    /// <summary>Length of a title made from the first words of the text, for entries without one.</summary>
    public const int DerivedTitleLength = 100;

    /// <summary>Entries from which a document is normalized in parallel: below it, a poll with a few
    /// new entries stays on its own thread (the worker already runs polls side by side).</summary>
    public const int ParallelFrom = 64;

    private readonly HtmlContentSanitizer _sanitizer;
    private readonly int _maxItemsPerFeed;

    /// <param name="maxItemsPerFeed">Entries kept per document, the newest (<see cref="FetchOptions.MaxItemsPerFeed"/>).</param>
    public ItemNormalizer(HtmlContentSanitizer sanitizer, int maxItemsPerFeed = FetchOptions.DefaultMaxItemsPerFeed)
    {
        ArgumentNullException.ThrowIfNull(sanitizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItemsPerFeed, 1);
        _sanitizer = sanitizer;
        _maxItemsPerFeed = maxItemsPerFeed;
    }

    public NormalizationResult Normalize(ParsedFeed feed, Uri feedUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(feedUrl);
        var skipped = new List<string>();
        var skippedEntries = new List<SkippedEntry>();
        void Skip(string line, string reason, string entry)
        {
            skipped.Add(line);
            skippedEntries.Add(new SkippedEntry(reason, entry));
        }

        IReadOnlyList<int> kept = NewestEntries(feed.Items, now, out DateTimeOffset?[]? published);
        Outcome[] outcomes = NormalizeEntries(kept, published, feed, feedUrl, now);
        var drafts = new List<(int Index, FeedItem Item)>(kept.Count);
        for (int k = 0; k < kept.Count; k++)
        {
            int index = kept[k];
            ParsedItem parsed = feed.Items[index];
            switch (outcomes[k])
            {
                case { Failure: { } reason }:
                    Skip($"{Describe(index, parsed)} skipped: {reason}", reason, Describe(index, parsed));
                    break;
                case { Item: { } item } when IsEmpty(item):
                    // Nothing to identify it by or show a reader: storing it would only make an "(untitled)" ghost.
                    Skip($"{Describe(index, parsed)} skipped: no title, usable link, id or text.", "no title, usable link, id or text", Describe(index, parsed));
                    break;
                case { Item: { } item }:
                    drafts.Add((index, item));
                    break;
            }
        }

        IReadOnlyList<string> keys = ItemIdentity.KeysFor(
            drafts.Select(draft => new IdentitySource(draft.Item.Guid, draft.Item.CanonicalLink, draft.Item.Title, draft.Item.ContentHtml ?? draft.Item.Summary)).ToList());

        var items = new List<FeedItem>(drafts.Count);
        var firstWithKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < drafts.Count; i++)
        {
            (int index, FeedItem item) = drafts[i];
            if (!firstWithKey.TryAdd(keys[i], index))
            {
                string entry = Describe(index, feed.Items[index]);
                Skip($"{entry} skipped: same identity as entry {firstWithKey[keys[i]] + 1}.", "same identity as an earlier entry", $"{entry}, same as entry {firstWithKey[keys[i]] + 1}");
                continue;
            }

            items.Add(item with { ItemKey = keys[i] });
        }

        return new NormalizationResult(items, skipped, feed.Items.Count - kept.Count) { SkippedEntries = skippedEntries };
    }

    /// <summary>Each kept entry normalized, or why it could not be, in the order of
    /// <paramref name="kept"/>. Entries are independent (the sanitizer is thread-safe), so a large
    /// document spreads them over the cores; results land by position, so the outcome is the same
    /// as one entry after the other.</summary>
    private Outcome[] NormalizeEntries(IReadOnlyList<int> kept, DateTimeOffset?[]? published, ParsedFeed feed, Uri feedUrl, DateTimeOffset now)
    {
        var outcomes = new Outcome[kept.Count];
        void NormalizeOne(int k)
        {
            try
            {
                outcomes[k] = new Outcome(NormalizeEntry(feed.Items[kept[k]], published?[kept[k]], feed, feedUrl, now), null);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                outcomes[k] = new Outcome(null, $"{exception.GetType().Name}: {OneLine(exception.Message)}");
            }
        }

        if (kept.Count < ParallelFrom || Environment.ProcessorCount == 1)
        {
            for (int k = 0; k < kept.Count; k++)
            {
                NormalizeOne(k);
            }
        }
        else
        {
            try
            {
                Parallel.For(0, kept.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, NormalizeOne);
            }
            catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
            {
                // Only what NormalizeOne lets through gets here (out of memory): rethrow it as itself.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(aggregate.InnerExceptions[0]);
            }
        }

        return outcomes;
    }

    /// <summary>Indexes of the entries to normalize, in document order: all of them, or the newest
    /// up to the limit. Chosen before any sanitizing, so the cut also bounds the work; entries with
    /// the same date (or none) keep document order, since feeds list the newest first.
    /// <paramref name="published"/> holds, by entry index, the published date each entry was
    /// ranked by (null where reading it threw), so the kept ones are not dated a second time;
    /// null when no entry was cut.</summary>
    private List<int> NewestEntries(IReadOnlyList<ParsedItem> entries, DateTimeOffset now, out DateTimeOffset?[]? published)
    {
        published = null;
        if (entries.Count <= _maxItemsPerFeed)
        {
            return [.. Enumerable.Range(0, entries.Count)];
        }

        var dates = new DateTimeOffset?[entries.Count];
        for (int index = 0; index < entries.Count; index++)
        {
            dates[index] = PublishedOrNull(entries[index], now);
        }

        published = dates;
        return
        [
            .. Enumerable.Range(0, entries.Count)
                .Select(index => (Index: index, Date: dates[index] ?? now))
                .OrderByDescending(entry => entry.Date)
                .ThenBy(entry => entry.Index)
                .Take(_maxItemsPerFeed)
                .Select(entry => entry.Index)
                .Order(),
        ];
    }

    private static DateTimeOffset? PublishedOrNull(ParsedItem entry, DateTimeOffset now)
    {
        try
        {
            return ItemDates.Published(entry.Published, entry.Updated, now);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A hostile entry is skipped with its reason later (its date is read again there and
            // throws again); here it only needs a place in line, which is now.
            return null;
        }
    }

    private FeedItem NormalizeEntry(ParsedItem parsed, DateTimeOffset? published, ParsedFeed feed, Uri feedUrl, DateTimeOffset now)
    {
        Uri itemBase = UrlCanonicalizer.ResolveBase(feedUrl, feed.BaseUri, parsed.BaseUri);
        string? guid = Clean(parsed.Id?.Trim(), FieldLimits.Guid);
        if (guid?.Length == 0)
        {
            guid = null;
        }

        // RSS guids are permalinks by default: an entry without a link often has its URL there.
        Uri? link = UrlCanonicalizer.Resolve(parsed.Link, itemBase)
            ?? (IsHttpUrl(guid) ? UrlCanonicalizer.Resolve(guid, itemBase) : null);

        (string? summary, string? content) = SanitizeBodies(parsed, itemBase);
        string title = Title(parsed.Title, content ?? summary);
        string? author = PlainOrNull(parsed.Author, FieldLimits.Author);
        IReadOnlyList<string> categories = Categories(parsed.Categories);
        IReadOnlyList<ParsedEnclosure> enclosures = Enclosures(parsed.Enclosures, itemBase);
        string? canonicalLink = link is null ? null : UrlCanonicalizer.Canonicalize(link);

        return new FeedItem
        {
            ItemKey = string.Empty,
            // The canonical link: feeds that stamp fresh tracking parameters on every fetch would
            // otherwise look revised on every poll.
            ContentHash = ContentHash.Compute(title, canonicalLink, summary, content, author, categories, enclosures.Select(enclosure => enclosure.Url)),
            Guid = guid,
            Link = link?.AbsoluteUri,
            CanonicalLink = canonicalLink,
            Title = title,
            Summary = summary,
            ContentHtml = content,
            Author = author,
            Categories = categories,
            Enclosures = enclosures,
            Language = LanguageTags.Normalize(parsed.Language) ?? LanguageTags.Normalize(feed.Language),
            PublishedAt = published ?? ItemDates.Published(parsed.Published, parsed.Updated, now),
            UpdatedAt = ItemDates.Updated(parsed.Updated, now),
            Fingerprint = SimHash.Compute(title, PlainText.FromHtml(content ?? summary)),
            RawHash = parsed.RawHash,
        };
    }

    /// <summary>Summary is the sanitized description; content the sanitized content, or the
    /// description in full when the entry has no separate content.</summary>
    private (string? Summary, string? Content) SanitizeBodies(ParsedItem parsed, Uri itemBase)
    {
        Uri contentBase = UrlCanonicalizer.ResolveBase(itemBase, parsed.ContentBaseUri);
        Uri summaryBase = UrlCanonicalizer.ResolveBase(itemBase, parsed.SummaryBaseUri);
        string? content = Clean(_sanitizer.Sanitize(parsed.Content, contentBase, FieldLimits.Content), FieldLimits.Content);
        if (content is not null)
        {
            return (Clean(_sanitizer.Sanitize(parsed.Summary, summaryBase, FieldLimits.Summary), FieldLimits.Summary), content);
        }

        string? whole = Clean(_sanitizer.Sanitize(parsed.Summary, summaryBase, FieldLimits.Content), FieldLimits.Content);
        string? summary = whole is null || whole.Length <= FieldLimits.Summary
            ? whole
            : Clean(_sanitizer.Sanitize(parsed.Summary, summaryBase, FieldLimits.Summary), FieldLimits.Summary);
        return (summary, whole);
    }

    private static string Title(string? rawTitle, string? bodyHtml)
    {
        return TitleText.From(rawTitle, FieldLimits.Title)
            ?? TitleText.From(bodyHtml, DerivedTitleLength)
            ?? Untitled;
    }

    private static List<string> Categories(IReadOnlyList<string> raw)
    {
        var categories = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string category in raw)
        {
            string? text = PlainOrNull(category, FieldLimits.Category);
            if (text is not null && seen.Add(text))
            {
                categories.Add(text);
                if (categories.Count == FieldLimits.CategoriesPerItem)
                {
                    break;
                }
            }
        }

        return categories;
    }

    private static List<ParsedEnclosure> Enclosures(IReadOnlyList<ParsedEnclosure> raw, Uri itemBase)
    {
        var enclosures = new List<ParsedEnclosure>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ParsedEnclosure enclosure in raw)
        {
            Uri? url = UrlCanonicalizer.Resolve(enclosure.Url, itemBase);
            if (url is null || !seen.Add(url.AbsoluteUri))
            {
                continue;
            }

            string? mediaType = Clean(enclosure.MediaType?.Trim(), FieldLimits.MediaType);
            long? length = enclosure.Length is >= 0 ? enclosure.Length : null;
            enclosures.Add(new ParsedEnclosure(url.AbsoluteUri, string.IsNullOrEmpty(mediaType) ? null : mediaType, length));
            if (enclosures.Count == FieldLimits.EnclosuresPerItem)
            {
                break;
            }
        }

        return enclosures;
    }

    /// <summary>Plain text of an HTML-ish field, legal in XML, shortened to the limit; null when empty.</summary>
    private static string? PlainOrNull(string? html, int maxLength) => PlainText.Capped(html, maxLength);

    private static string? Clean(string? text, int maxLength) =>
        text is null ? null : Truncation.Cut(XmlChars.RemoveIllegal(text), maxLength);

    private static bool IsEmpty(FeedItem item) =>
        item.Guid is null && item.Link is null && item.Summary is null && item.ContentHtml is null && item.Enclosures.Count == 0 && item.Title == Untitled;

    private static bool IsHttpUrl(string? text) =>
        text is not null
        && (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private static string Describe(int index, ParsedItem parsed)
    {
        string? label = parsed.Id ?? parsed.Link ?? parsed.Title;
        return label is null
            ? $"Entry {index + 1}"
            : $"Entry {index + 1} ({OneLine(Truncation.Shorten(label.Trim(), 120))})";
    }

    private static string OneLine(string text) =>
        XmlChars.RemoveIllegal(PlainText.CollapseWhitespace(text));

    private readonly record struct Outcome(FeedItem? Item, string? Failure);
}
