using System.Text;
using System.Xml.Linq;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;

namespace FeedHub.Tests.Publishing;

/// <summary>The stored summary is sanitized HTML: a field declared as text gets its text, a field
/// of HTML gets the HTML as it is, never encoded a second time.</summary>
public sealed class SummaryMarkupTests
{
    private const string SummaryHtml = "<p>Banjir <b>besar</b> &amp; longsor</p><p>di Martapura &lt;Banjar&gt;</p>";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public void Atom_summary_of_type_text_carries_the_summarys_text_not_its_markup()
    {
        StoryEntry story = SampleFeeds.Story(1);
        story = story with { Item = story.Item with { Summary = SummaryHtml } };

        XElement summary = Entry(story).Element(Atom + "summary")!;

        Assert.NotEqual("html", (string?)summary.Attribute("type"));
        Assert.Equal("Banjir besar & longsor di Martapura <Banjar>", summary.Value);
    }

    [Fact]
    public void A_story_without_content_shows_its_summary_html_in_the_content_unencoded()
    {
        StoryEntry story = SampleFeeds.Story(1, html: null);
        story = story with { Item = story.Item with { Summary = SummaryHtml } };

        string? content = StoryHtml.Content(story);
        Assert.Equal(SummaryHtml, content);

        XElement atomContent = Entry(story).Element(Atom + "content")!;
        Assert.Equal("html", (string?)atomContent.Attribute("type"));
        Assert.Equal(SummaryHtml, atomContent.Value);
    }

    private static XElement Entry(StoryEntry story)
    {
        XDocument document = XDocument.Parse(Encoding.UTF8.GetString(SampleFeeds.Render(FeedFormat.Atom, SampleFeeds.Feed(story))));
        return document.Root!.Element(Atom + "entry")!;
    }
}
