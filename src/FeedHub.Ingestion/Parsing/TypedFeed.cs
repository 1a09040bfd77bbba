using System.Xml.Linq;
using CodeHollow.FeedReader.Feeds;

namespace FeedHub.Ingestion.Parsing;

/// <summary>CodeHollow.FeedReader's typed model of a document, built over the gated and repaired
/// tree FeedHub already holds (its public constructors take an element, so nothing is parsed a
/// second time), with one typed item per entry element FeedHub reads.</summary>
public sealed class TypedFeed
{
    private readonly Dictionary<XElement, BaseFeedItem> _items;

    private TypedFeed(BaseFeed? feed, Dictionary<XElement, BaseFeedItem> items)
    {
        Feed = feed;
        _items = items;
    }

    /// <summary><see cref="Rss20Feed"/>, <see cref="Rss10Feed"/>, <see cref="Rss091Feed"/>,
    /// <see cref="Rss092Feed"/> or <see cref="AtomFeed"/>; null only when the library cannot model
    /// the channel at all (an RSS 1.0 document without &lt;channel&gt;).</summary>
    public BaseFeed? Feed { get; }

    /// <summary>The library's item for an entry element, or null when the library cannot read that
    /// entry (FeedHub's own reading then covers it alone).</summary>
    public BaseFeedItem? ItemFor(XElement entry) => _items.GetValueOrDefault(entry);

    /// <param name="text">The gated, repaired text the tree was built from (the library keeps it as
    /// <see cref="BaseFeed.OriginalDocument"/>; it is not parsed again).</param>
    /// <param name="parallel">Whether a large document's entries are modelled in parallel (RSS 2.0
    /// and Atom, whose channel the library reads from the channel element alone).</param>
    public static TypedFeed Create(string format, string text, XElement root, XElement? channel, IReadOnlyList<XElement> entries, bool parallel = false)
    {
        if (parallel && format is "rss2.0" or "atom1.0" or "atom0.3")
        {
            return CreateInParallel(format, text, channel ?? root, entries);
        }

        BaseFeed? feed = TryCreateFeed(format, text, channel ?? root)
            // One entry the library trips over (an Atom entry without id or link throws a
            // NullReferenceException in its constructor) must not cost the feed its channel fields:
            // model the channel without its entries, then each entry on its own.
            ?? TryCreateFeed(format, text, WithoutEntries(channel ?? root, entries));

        var items = new Dictionary<XElement, BaseFeedItem>(entries.Count, ReferenceEqualityComparer.Instance);
        if (feed is not null)
        {
            foreach (BaseFeedItem item in feed.Items)
            {
                if (item.Element is { } element)
                {
                    items.TryAdd(element, item);
                }
            }
        }

        foreach (XElement entry in entries)
        {
            // Entries the library's channel walk does not reach (prefixed Atom, RSS 1.0 items in
            // the channel, items outside <channel>) are still modelled one by one.
            if (!items.ContainsKey(entry) && TryCreateItem(format, entry) is { } item)
            {
                items.Add(entry, item);
            }
        }

        return new TypedFeed(feed, items);
    }

    /// <summary>Whether the library reads this format's items as <see cref="Rss20FeedItem"/> (every
    /// RSS version but 0.90, 0.91, 0.92 and 1.0).</summary>
    public static bool ReadsItemsAsRss20(string format) =>
        format.StartsWith("rss", StringComparison.Ordinal) && format is not ("rss1.0" or "rss0.90" or "rss0.91" or "rss0.92");

    /// <summary>The library's model of the channel alone, without items: the channel without its
    /// entries, as the parallel reading models it.</summary>
    public static TypedFeed CreateChannel(string format, string text, XElement channel, IReadOnlyList<XElement> entries) =>
        new(TryCreateFeed(format, text, WithoutEntries(channel, entries)), new Dictionary<XElement, BaseFeedItem>(ReferenceEqualityComparer.Instance));

    /// <summary>The channel without its entries (as after an entry the library trips over), then
    /// each entry with the constructor the library's channel walk calls, side by side: the library
    /// reads an entry from its own element only, so the items are the ones the walk would build.</summary>
    private static TypedFeed CreateInParallel(string format, string text, XElement channel, IReadOnlyList<XElement> entries)
    {
        BaseFeed? feed = TryCreateFeed(format, text, WithoutEntries(channel, entries));
        var created = new BaseFeedItem?[entries.Count];
        ForEach(entries.Count, i => created[i] = TryCreateItem(format, entries[i]));
        var items = new Dictionary<XElement, BaseFeedItem>(entries.Count, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < entries.Count; i++)
        {
            if (created[i] is { } item)
            {
                items.TryAdd(entries[i], item);
            }
        }

        return new TypedFeed(feed, items);
    }

    /// <summary>Runs <paramref name="body"/> for 0 … <paramref name="count"/> - 1 on every core;
    /// an exception comes out as itself, as from a loop.</summary>
    internal static void ForEach(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, body);
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(aggregate.InnerExceptions[0]);
        }
    }

    private static BaseFeed? TryCreateFeed(string format, string text, XElement channel)
    {
        try
        {
            return format switch
            {
                "atom1.0" or "atom0.3" => new AtomFeed(text, channel),
                // Rss10Feed reads image, textinput and items from the channel's parent (the rdf:RDF root).
                "rss1.0" or "rss0.90" => channel.Parent is null ? null : new Rss10Feed(text, channel),
                "rss0.91" => new Rss091Feed(text, channel),
                "rss0.92" => new Rss092Feed(text, channel),
                _ => new Rss20Feed(text, channel),
            };
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Whatever the library trips over in one document or entry, FeedHub's own reading
            // covers it; the document itself was already parsed and gated.
            return null;
        }
    }

    private static BaseFeedItem? TryCreateItem(string format, XElement entry)
    {
        try
        {
            return format switch
            {
                "atom1.0" or "atom0.3" => new AtomFeedItem(entry),
                "rss1.0" or "rss0.90" => new Rss10FeedItem(entry),
                "rss0.91" => new Rss091FeedItem(entry),
                "rss0.92" => new Rss092FeedItem(entry),
                _ => new Rss20FeedItem(entry),
            };
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Whatever the library trips over in one document or entry, FeedHub's own reading
            // covers it; the document itself was already parsed and gated.
            return null;
        }
    }

    /// <summary>A copy of the channel without its entries, under a copy of its parent (Rss10Feed
    /// looks there, and namespace prefixes are declared there), so the channel's fields read as in
    /// the original.</summary>
    private static XElement WithoutEntries(XElement channel, IReadOnlyList<XElement> entries)
    {
        var skip = new HashSet<XElement>(entries, ReferenceEqualityComparer.Instance);
        var copy = new XElement(channel.Name, channel.Attributes(), channel.Elements().Where(e => !skip.Contains(e)));
        // The library reads every value through its element's Document, so the copy needs one.
        _ = new XDocument(channel.Parent is { } parent ? new XElement(parent.Name, parent.Attributes(), copy) : copy);
        return copy;
    }
}
