using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FeedHub.Core.Items;
using FeedHub.Ingestion.Normalizing;
using FeedHub.Ingestion.Parsing;
using FeedHub.Tests.Corpus;

namespace FeedHub.Tests.Conformance;

/// <summary>feedparser's sanitize fixtures (745 documents of hostile and harmless markup in titles,
/// summaries and content, in every feed format) through the parser and the normalizer: whatever
/// FeedHub stores contains nothing a browser would execute. feedparser's exact output strings are
/// not compared: its allow-list differs from ours, so only the safety property is shared.</summary>
public sealed class SanitizeCorpusTests
{
    private static readonly Uri FeedUrl = new("http://example.com/feed.xml");
    private static readonly FeedParser Parser = new();
    private static readonly ItemNormalizer Normalizer = new(new HtmlContentSanitizer());
    private static readonly HtmlParser Browser = new();

    private static readonly HashSet<string> ExecutableElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
        "textarea", "select", "svg", "math", "meta", "link", "base", "template", "noscript", "canvas", "dialog",
    };

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.EnumerateFiles(CorpusLocator.PathOf("feedparser", "wellformed", "sanitize"), "*.xml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void The_corpus_is_there_and_most_of_it_reaches_the_sanitizer()
    {
        string[] files = Directory.GetFiles(CorpusLocator.PathOf("feedparser", "wellformed", "sanitize"), "*.xml");
        int withHtml = files.Count(file =>
        {
            try
            {
                ParsedFeed feed = Parser.Parse(new FeedDocument(File.ReadAllBytes(file), "application/xml", FeedUrl));
                return Normalizer.Normalize(feed, FeedUrl, DateTimeOffset.UnixEpoch.AddYears(50)).Items.Any(i => i.ContentHtml is not null);
            }
            catch (FeedParseException)
            {
                return false;
            }
        });

        Assert.True(files.Length >= 700, $"expected the 745 sanitize fixtures under {CorpusLocator.Root}");
        // About a third of the fixtures put their markup in titles, which become plain text; the
        // rest must reach the HTML sanitizer, or the safety checks below would hold vacuously.
        Assert.True(withHtml >= 450, $"only {withHtml} of {files.Length} fixtures produced stored HTML");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Stored_html_contains_nothing_executable(string fixture)
    {
        byte[] bytes = File.ReadAllBytes(CorpusLocator.PathOf("feedparser", "wellformed", "sanitize", fixture));
        ParsedFeed feed;
        try
        {
            feed = Parser.Parse(new FeedDocument(bytes, "application/xml", FeedUrl));
        }
        catch (FeedParseException)
        {
            // Refusing a document stores nothing, which is safe too.
            return;
        }

        foreach (FeedItem item in Normalizer.Normalize(feed, FeedUrl, DateTimeOffset.UnixEpoch.AddYears(50)).Items)
        {
            AssertNothingExecutable(item.ContentHtml, fixture);
            AssertNothingExecutable(item.Summary, fixture);
            Assert.All(item.Enclosures, enclosure => Assert.Matches("^https?://", enclosure.Url));
            if (item.Link is not null)
            {
                Assert.Matches("^https?://", item.Link);
            }
        }
    }

    private static void AssertNothingExecutable(string? html, string fixture)
    {
        if (html is null)
        {
            return;
        }

        foreach (IElement element in Browser.ParseDocument(html).Body!.QuerySelectorAll("*"))
        {
            Assert.False(ExecutableElements.Contains(element.LocalName), $"{fixture}: <{element.LocalName}> survived in {html}");
            foreach (IAttr attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{fixture}: {attribute.Name} survived in {html}");
                Assert.False(attribute.Name is "style" or "srcdoc" or "formaction" or "action" or "xlink:href", $"{fixture}: {attribute.Name} survived in {html}");
                if (attribute.Name is "href" or "src" or "cite" or "poster" or "background" or "longdesc" or "data")
                {
                    Assert.Matches("^(https?://|mailto:)", attribute.Value);
                }

                if (attribute.Name == "srcset")
                {
                    Assert.All(attribute.Value.Split(','), candidate => Assert.Matches("^https?://", candidate.Trim()));
                }
            }
        }
    }
}
