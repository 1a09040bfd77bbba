using FeedHub.Administration.Opml;

namespace FeedHub.Tests.Admin;

public sealed class OpmlReaderTests
{
    [Fact]
    public void Nested_folders_become_tags_outermost_first_and_categories_add_more()
    {
        OpmlDocument document = OpmlReader.Read("""
            <?xml version="1.0" encoding="utf-8"?>
            <opml version="2.0">
              <head><title>Kalimantan</title></head>
              <body>
                <outline text="Kalsel">
                  <outline text="Pemerintah">
                    <outline type="rss" text="MC Kalsel" xmlUrl="https://mc.kalselprov.go.id/feed" htmlUrl="https://mc.kalselprov.go.id/" category="/news/banjar,origin"/>
                  </outline>
                  <outline type="rss" text="Reportase9" xmlUrl="https://reportase9.com/feed"/>
                </outline>
                <outline type="rss" title="Tempo" text="ignored when title is there" xmlUrl=" https://rss.tempo.co/nasional "/>
              </body>
            </opml>
            """);

        Assert.Equal("Kalimantan", document.Title);
        Assert.Empty(document.Problems);
        Assert.Collection(
            document.Feeds,
            mc =>
            {
                Assert.Equal("https://mc.kalselprov.go.id/feed", mc.Url);
                Assert.Equal("MC Kalsel", mc.Title);
                Assert.Equal("https://mc.kalselprov.go.id/", mc.SiteUrl);
                Assert.Equal(["Kalsel", "Pemerintah", "news", "banjar", "origin"], mc.Tags);
                Assert.Null(mc.Interval);
                Assert.Null(mc.IsOrigin);
                Assert.Null(mc.Credits);
            },
            portal =>
            {
                Assert.Equal("Reportase9", portal.Title);
                Assert.Equal(["Kalsel"], portal.Tags);
            },
            tempo =>
            {
                Assert.Equal("https://rss.tempo.co/nasional", tempo.Url);
                Assert.Equal("Tempo", tempo.Title);
                Assert.Empty(tempo.Tags);
            });
    }

    [Fact]
    public void Outlines_without_a_usable_xml_url_or_with_bad_settings_are_counted_as_problems_with_their_line()
    {
        OpmlDocument document = OpmlReader.Read("""
            <opml version="2.0" xmlns:feedhub="urn:feedhub:opml"><body>
            <outline text="Just a note"/>
            <outline text="Empty url" xmlUrl="  "/>
            <outline text="Bad interval" xmlUrl="https://a.example/feed" feedhub:interval="soon"/>
            <outline text="Bad origin" xmlUrl="https://b.example/feed" feedhub:origin="maybe"/>
            <outline text="Fine" xmlUrl="https://c.example/feed" feedhub:interval="00:30:00" feedhub:origin="true" feedhub:credits="MC Kalsel|Diskominfo, Kalsel"/>
            </body></opml>
            """);

        OpmlFeed fine = Assert.Single(document.Feeds);
        Assert.Equal(TimeSpan.FromMinutes(30), fine.Interval);
        Assert.True(fine.IsOrigin);
        Assert.Equal(["MC Kalsel", "Diskominfo, Kalsel"], fine.Credits);
        Assert.Equal(
            [(2, "Just a note", "no xmlUrl"), (3, "Empty url", "empty"), (4, "Bad interval", "interval"), (5, "Bad origin", "origin")],
            document.Problems.Select(p => (p.Line, p.Text, Keyword(p.Reason))).ToArray());

        static string Keyword(string reason) =>
            new[] { "no xmlUrl", "empty", "interval", "origin" }.First(k => reason.Contains(k, StringComparison.Ordinal));
    }

    [Fact]
    public void An_outline_with_a_site_address_and_no_feed_address_is_a_site_to_look_for_feeds_on()
    {
        OpmlDocument document = OpmlReader.Read("""
            <opml version="2.0"><body>
            <outline text="Kalsel"><outline text="Diskominfo Banjar" htmlUrl=" https://diskominfo.banjarkab.example/ "/></outline>
            <outline text="Folder with a site" htmlUrl="https://folder.example/"><outline text="Inner" xmlUrl="https://inner.example/feed"/></outline>
            </body></opml>
            """);

        Assert.Empty(document.Problems);
        OpmlFeed site = document.Feeds[0];
        Assert.True(site.IsSite);
        Assert.Equal("https://diskominfo.banjarkab.example/", site.Url);
        Assert.Equal("Diskominfo Banjar", site.Title);
        Assert.Equal(["Kalsel"], site.Tags);
        Assert.False(document.Feeds[1].IsSite);
        Assert.Equal(2, document.Feeds.Count);
    }

    [Fact]
    public void A_text_equal_to_the_url_is_no_title()
    {
        OpmlDocument document = OpmlReader.Read("""<opml version="2.0"><body><outline text="https://a.example/feed" xmlUrl="https://a.example/feed"/></body></opml>""");

        Assert.Null(Assert.Single(document.Feeds).Title);
    }

    [Theory]
    [InlineData("<html><body/></html>", "root element")]
    [InlineData("not xml at all", "well-formed")]
    [InlineData("<opml><body><outline text=\"x\"></body></opml>", "well-formed")]
    [InlineData("<!DOCTYPE opml [<!ENTITY a \"aaaa\">]><opml><body><outline text=\"&a;\" xmlUrl=\"https://a.example/\"/></body></opml>", "well-formed")]
    public void Documents_that_are_not_opml_are_refused_with_a_reason(string xml, string expected)
    {
        OpmlFormatException error = Assert.Throws<OpmlFormatException>(() => OpmlReader.Read(xml));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_without_recursion()
    {
        string xml = "<opml><body>" + string.Concat(Enumerable.Repeat("<outline text=\"f\">", 10_000)) +
            string.Concat(Enumerable.Repeat("</outline>", 10_000)) + "</body></opml>";

        OpmlFormatException error = Assert.Throws<OpmlFormatException>(() => OpmlReader.Read(xml));

        Assert.Contains($"more than {OpmlReader.MaxDepth} deep", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10675199.02:48:05")]
    [InlineData("8.00:00:00")]
    [InlineData("7.00:00:01")]
    [InlineData("00:00:00.500")]
    public void An_interval_outside_one_second_to_seven_days_makes_the_outline_a_problem(string interval)
    {
        OpmlDocument document = OpmlReader.Read($"""
            <opml version="2.0" xmlns:feedhub="urn:feedhub:opml"><body>
            <outline text="Too long" xmlUrl="https://a.example/feed" feedhub:interval="{interval}"/>
            <outline text="Longest" xmlUrl="https://b.example/feed" feedhub:interval="7.00:00:00"/>
            </body></opml>
            """);

        Assert.Equal(TimeSpan.FromDays(7), Assert.Single(document.Feeds).Interval);
        OpmlProblem problem = Assert.Single(document.Problems);
        Assert.Equal("Too long", problem.Text);
        Assert.Contains("1 second to 7 days", problem.Reason, StringComparison.Ordinal);
    }
}
