namespace FeedHub.Core.Items;

/// <summary>A feed document as the parser read it: raw strings, nothing normalized yet.</summary>
public sealed record ParsedFeed
{
    /// <summary>"rss2.0", "rss1.0", "rss0.91", "rss0.92", "atom1.0", "atom0.3", "json1.1"...</summary>
    public required string Format { get; init; }
    public string? Title { get; init; }
    public string? Link { get; init; }
    public string? Description { get; init; }
    public string? Language { get; init; }

    /// <summary>The feed's icon, logo or image URL as written (Atom icon, else logo; RSS image/url,
    /// else itunes:image); unresolved.</summary>
    public string? ImageUrl { get; init; }

    /// <summary>The feed's own last-updated date, raw (Atom updated, RSS lastBuildDate/pubDate, dc:date).</summary>
    public string? Updated { get; init; }

    /// <summary>Base URI of the document (xml:base on the root, else the URL it was fetched from).</summary>
    public string? BaseUri { get; init; }

    /// <summary>True when the document needed the repair pass to parse.</summary>
    public bool Repaired { get; init; }

    /// <summary>The encoding the bytes were decoded with (web name, lower case).</summary>
    public string? Encoding { get; init; }

    /// <summary>What the channel says about how often it changes (ttl, skipHours, skipDays, sy:*).</summary>
    public Scheduling.PublisherHints Hints { get; init; } = Scheduling.PublisherHints.None;

    public IReadOnlyList<ParsedItem> Items { get; init; } = [];
}
