using System.Globalization;
using System.Text;
using FeedHub.Core.Items;
using FeedHub.Core.Text;
using FeedHub.Tests.Corpus;

namespace FeedHub.Tests.Text;

/// <summary>Plain text feeds titles, search text, matching text and fingerprints, all stored:
/// collapsing whitespace from the builder and looking tag names up by span must give the text
/// the first implementation gave.</summary>
public sealed class PlainTextLegacyTests
{
    [Fact]
    public void Corpus_fields_read_as_before()
    {
        int compared = 0;
        foreach (ParsedItem item in CorpusItems.All())
        {
            foreach (string? field in new[] { item.Title, item.Summary, item.Content, item.Author })
            {
                Assert.Equal(LegacyPlainText.FromHtml(field), PlainText.FromHtml(field));
                Assert.Equal(LegacyPlainText.Capped(field, 300), PlainText.Capped(field, 300));
            }

            compared++;
        }

        Assert.True(compared > 1000, $"only {compared} corpus items compared");
    }

    [Fact]
    public void Random_markup_reads_as_before()
    {
        var random = new Random(7);
        string[] pieces =
        [
            "<p>", "</p>", "<br>", "<BR/>", "<Div class='a'>", "</DIV>", "<b>", "</b>", "<img src=\"x\" alt='>'>", "<script>x<y</script>",
            "<!-- c -->", "<![CDATA[z]]>", "<?pi?>", "</>", "</ x>", "&amp;", "&nbsp;", "&#1;", "&#x1F600;", "&bogus", "kata", "Kata",
            " ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u2028", "\uD800", "<", ">", "&", "\"", "'", "=", "<td>", "<h2>", "</h2>", "<li>",
        ];
        for (int n = 0; n < 5000; n++)
        {
            var html = new StringBuilder();
            int count = random.Next(0, 30);
            for (int i = 0; i < count; i++)
            {
                html.Append(pieces[random.Next(pieces.Length)]);
            }

            string text = html.ToString();
            Assert.Equal(LegacyPlainText.FromHtml(text), PlainText.FromHtml(text));
        }
    }

    [Fact]
    public void Reading_a_release_allocates_its_text_once()
    {
        // The builder's string, the collapsed copy and a string per tag name were each allocated.
        string html = string.Concat(Enumerable.Repeat("<p>Gubernur <b>Kalimantan Selatan</b> meresmikan jembatan di Banjarmasin,\n Senin (12/5).</p>\n", 20));
        _ = PlainText.FromHtml(html);

        long before = GC.GetAllocatedBytesForCurrentThread();
        string text = PlainText.FromHtml(html);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(LegacyPlainText.FromHtml(html), text);
        long budget = (2L * html.Length) + (2L * text.Length) + 1024;
        Assert.True(allocated <= budget, string.Create(CultureInfo.InvariantCulture, $"{allocated} bytes allocated for {html.Length} characters of HTML, {text.Length} of text (budget {budget})"));
    }
}
