using System.Globalization;
using System.Security;
using System.Text;
using static FeedHub.LoadFarm.Farm.FarmVocabulary;

namespace FeedHub.LoadFarm.Farm;

/// <summary>Renders a farm feed the way Indonesian regional portals publish: WordPress-shaped RSS
/// 2.0 (four feeds in five) or Atom, with tracking parameters on links, dc:creator, categories and
/// HTML bodies with images; every 25th feed is a media center whose releases the portals
/// republish with a "(Sumber : MC Kalsel)" credit line. Deterministic for a seed.</summary>
internal static class FeedContent
{
    /// <summary>Releases per round, so that each is republished by about a dozen portals at any
    /// farm size (a quarter of the entries are copies), as in the issue's "MC Kalsel republished by
    /// twelve portals"; a fixed ten gave each release ~250 copies at 10,000 feeds.</summary>
    public static int ReleasesPerRound(int feeds) => Math.Max(10, feeds / 48);

    public static Region RegionOf(int feed) => Regions[feed % Regions.Length];

    public static bool IsMediaCenter(int feed) => feed % 25 == 0;

    public static string Site(int feed) => IsMediaCenter(feed)
        ? $"mc{feed}.{RegionOf(feed).Domain}"
        : $"{PortalNames[feed % PortalNames.Length].ToLowerInvariant()}{feed}.example";

    public static string Title(int feed) => IsMediaCenter(feed)
        ? $"Diskominfo {RegionOf(feed).Credit} {feed}"
        : $"{PortalNames[feed % PortalNames.Length]} {RegionOf(feed).Cities[0]} {feed}";

    public static byte[] Render(FarmFeed feed, int feeds, int seed)
    {
        (FarmEntry[] entries, _, DateTimeOffset lastModified) = feed.Snapshot();
        var xml = new StringBuilder(entries.Length * 2600 + 1024);
        if (feed.IsAtom)
        {
            WriteAtom(xml, feed.Index, entries, lastModified, ReleasesPerRound(feeds), seed);
        }
        else
        {
            WriteRss(xml, feed.Index, entries, lastModified, ReleasesPerRound(feeds), seed);
        }

        return Encoding.UTF8.GetBytes(xml.ToString());
    }

    private static void WriteRss(StringBuilder xml, int feed, FarmEntry[] entries, DateTimeOffset lastModified, int releases, int seed)
    {
        string site = Site(feed);
        xml.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
            <channel><title>{Escape(Title(feed))}</title><atom:link href="https://{site}/feed/" rel="self" type="application/rss+xml" />
            <link>https://{site}/</link><description>Berita terkini {Escape(RegionOf(feed).Province)}</description>
            <lastBuildDate>{lastModified.ToString("r", CultureInfo.InvariantCulture)}</lastBuildDate><language>id</language>
            <sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency><generator>https://wordpress.org/?v=6.4.2</generator>

            """);
        for (int i = entries.Length - 1; i >= 0; i--)
        {
            Story story = Compose(feed, entries[i], releases, seed);
            string categories = string.Concat(story.Categories.Select(c => $"<category><![CDATA[{c}]]></category>"));
            xml.Append(CultureInfo.InvariantCulture, $"""
                <item><title>{Escape(story.Title)}</title>
                <link>{Escape(story.Link)}</link>
                <dc:creator><![CDATA[{story.Author}]]></dc:creator>
                <pubDate>{story.PublishedAt.ToString("r", CultureInfo.InvariantCulture)}</pubDate>
                {categories}
                <guid isPermaLink="false">https://{site}/?p={100000 + entries[i].Seq}</guid>
                <description><![CDATA[<p>{story.Excerpt} [&#8230;]</p>]]></description>
                <content:encoded><![CDATA[{story.Html}]]></content:encoded></item>

                """);
        }

        xml.Append("</channel></rss>\n");
    }

    private static void WriteAtom(StringBuilder xml, int feed, FarmEntry[] entries, DateTimeOffset lastModified, int releases, int seed)
    {
        string site = Site(feed);
        xml.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">
            <title>{Escape(Title(feed))}</title><id>tag:{site},2026:feed</id>
            <link rel="alternate" type="text/html" href="https://{site}/" /><link rel="self" href="https://{site}/feeds/posts/default" />
            <updated>{lastModified.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}</updated>

            """);
        for (int i = entries.Length - 1; i >= 0; i--)
        {
            Story story = Compose(feed, entries[i], releases, seed);
            string categories = string.Concat(story.Categories.Select(c => $"<category term=\"{Escape(c)}\" />"));
            string date = story.PublishedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            xml.Append(CultureInfo.InvariantCulture, $"""
                <entry><id>tag:{site},2026:post-{100000 + entries[i].Seq}</id><title type="html">{Escape(story.Title)}</title>
                <link rel="alternate" type="text/html" href="{Escape(story.Link)}" />
                <published>{date}</published><updated>{date}</updated>
                <author><name>{Escape(story.Author)}</name></author>{categories}
                <summary type="html">{Escape($"<p>{story.Excerpt} [&#8230;]</p>")}</summary>
                <content type="html">{Escape(story.Html)}</content></entry>

                """);
        }

        xml.Append("</feed>\n");
    }

    /// <summary>An entry as served. <see cref="ReleaseId"/> is the release it republishes (or,
    /// on a media center, publishes), null for a portal's own story: the farm's ground truth of
    /// which entries are one story.</summary>
    internal sealed record Story(string Title, string Link, string Author, DateTimeOffset PublishedAt, string[] Categories, string Excerpt, string Html, int? ReleaseId);

    internal static Story Compose(int feed, FarmEntry entry, int releases, int seed)
    {
        var random = new Random(StableSeed.Of(seed, feed, entry.Seq));
        Region region = RegionOf(feed);
        string site = Site(feed);
        // A quarter of a portal's entries (and all of a media center's) republish one of the
        // round's releases, whose text every copy shares.
        bool release = IsMediaCenter(feed) || random.NextDouble() < 0.25;
        int releaseId = entry.Round * releases + random.Next(releases);
        Region about = release ? Regions[Math.Abs(releaseId) % Regions.Length] : region;
        string title;
        string[] sentences;
        string city;
        if (release)
        {
            // The release's own seed: every copy starts from the same text and publication day.
            var text = new Random(StableSeed.Of(seed, "release", releaseId));
            ReleaseText original = ReleaseText.Compose(text, about, entry.PublishedAt);
            (title, sentences) = IsMediaCenter(feed)
                ? (original.Title, original.Sentences)
                : RepublisherCopy.Edit(original, new Random(StableSeed.Of(seed, feed, entry.Seq, "copy")));
            city = original.City;
        }
        else
        {
            (title, sentences, city) = OwnStoryText.Compose(new Random(StableSeed.Of(seed, feed, entry.Seq, "own")), region, entry.PublishedAt);
        }

        string slug = string.Join('-', title.ToLowerInvariant().Split([' ', '(', ')', ',', '"', '.', ':'], StringSplitOptions.RemoveEmptyEntries).Take(8));
        // The post number keeps links distinct, as real permalinks are, when two titles agree.
        string link = $"https://{site}/berita/{entry.PublishedAt:yyyy/MM/dd}/{100000 + entry.Seq}/{slug}/?utm_source=rss&utm_medium=rss&utm_campaign={slug}";
        string image = $"https://{site}/wp-content/uploads/{entry.PublishedAt:yyyy/MM}/{slug}-{entry.Seq}.jpg";

        var html = new StringBuilder(2400);
        html.Append(CultureInfo.InvariantCulture, $"<figure class=\"wp-block-image\"><img loading=\"lazy\" src=\"{image}\" alt=\"{Escape(title)}\" width=\"800\" height=\"450\" class=\"wp-image-{entry.Seq}\" srcset=\"{image} 800w, {image.Replace(".jpg", "-300x169.jpg", StringComparison.Ordinal)} 300w\" /><figcaption>{Escape(Caption(random, release ? about.Credit : Title(feed)))}</figcaption></figure>\n");
        for (int i = 0; i < sentences.Length; i++)
        {
            string dateline = i == 0 ? $"<strong>{city.ToUpperInvariant()}</strong> &#8211; " : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"<p>{dateline}{Escape(sentences[i])}</p>\n");
        }

        if (release && !IsMediaCenter(feed))
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>(Sumber : {about.Credit})</p>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p>Baca juga: <a href=\"https://{site}/tag/{slug.Split('-')[0]}/?utm_source=rss&amp;utm_medium=rss\" rel=\"tag\" onclick=\"ga('send','event')\">{Escape(city)}</a></p>\n");
        string[] categories = [Categories[random.Next(Categories.Length)], about.Province];
        return new Story(title, link, Authors[random.Next(Authors.Length)], entry.PublishedAt, categories, Escape(sentences[0]), html.ToString(), release ? releaseId : null);
    }

    // Captions vary as photo credits do; one fixed "Dok. MC Kalsel" made a key of every copy.
    private static string Caption(Random random, string credit) => random.Next(4) switch
    {
        0 => $"Dok. {credit}",
        1 => $"Foto: {credit}/{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}",
        2 => $"Foto: {FarmNames.Person(random)}/{credit}",
        _ => $"Foto: {FarmNames.Person(random)}",
    };

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Escape(string text) => SecurityElement.Escape(text);
}
