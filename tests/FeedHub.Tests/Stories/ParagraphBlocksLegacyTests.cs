using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FeedHub.Core.Items;
using FeedHub.Core.Stories;
using FeedHub.Core.Text;
using FeedHub.Tests.Corpus;

namespace FeedHub.Tests.Stories;

/// <summary>A body's paragraphs feed every stored matching text and so every story decision:
/// scanning the blocks in place must give what splitting by the first pattern and reading each
/// block as a string gave; and the body's plain text read off the paragraphs (for the search text)
/// must be what reading the whole body gives.</summary>
public sealed partial class ParagraphBlocksLegacyTests
{
    [Fact]
    public void Corpus_bodies_split_and_read_as_before()
    {
        int compared = 0;
        int joined = 0;
        int contents = 0;
        int contentsJoined = 0;
        foreach (ParsedItem item in CorpusItems.All())
        {
            foreach (string? body in new[] { item.Content, item.Summary, item.Title })
            {
                bool read = AssertSame(body);
                joined += read ? 1 : 0;
                compared++;
                if (body is not null && ReferenceEquals(body, item.Content))
                {
                    contents++;
                    contentsJoined += read ? 1 : 0;
                }
            }
        }

        Assert.True(compared > 3000, $"only {compared} corpus fields compared");
        // Most bodies are proven by their paragraphs (contents too: an '&' in an attribute before a
        // line feed is no reference running across it); the rest are read again, as before.
        Assert.True(joined > compared * 9 / 10, string.Create(CultureInfo.InvariantCulture, $"{joined} of {compared} read off their paragraphs"));
        Assert.True(contentsJoined > contents * 9 / 10, string.Create(CultureInfo.InvariantCulture, $"{contentsJoined} of {contents} contents read off their paragraphs"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n ")]
    [InlineData("<p>Satu.</p>\n\n<p>Dua!</p><li>tiga</li><p>—</p>")]
    [InlineData("a<br>b< br>c<BR/>d</p >e</P>f<br-x>g<br_x>h<brx>i</h1>j</h7>k</H6 class='x'>l")]
    [InlineData("a<hr title=\"x>y\">b</div\n>c<hr\t/>d")]
    [InlineData("a\r\nb\rc\n \u00A0\r\n\t\nd\n\u2028\ne")]
    [InlineData("a<!-- x\ny -->b<script>p\n</p>q</script>c<![CDATA[d\ne]]>f")]
    [InlineData("&#65\n;&#66;\n&amp\n;x&y;\n&")]
    [InlineData("<img src=\"x?id=1&width=960\">\nkata &#-\t6 5\n;&#x41\n;&\n;")]
    [InlineData("a</bloc\u212Aquote>b</p\u200D>c</pé>d</p\u00E9>e<\u00E9>")]
    [InlineData("\u0001a\n\uD800b\v\fc<b>\u0002</b>")]
    [InlineData("x\u0001\ny<b>z</b>")]
    [InlineData("<img src=\"a\nb\">c\n<a href='x'\n>d</a>")]
    public void Odd_bodies_split_and_read_as_before(string? body) => AssertSame(body);

    [Fact]
    public void Random_markup_splits_and_reads_as_before()
    {
        var random = new Random(12);
        string[] pieces =
        [
            "<p>", "</p>", "</P >", "<br>", "<BR/>", "< br>", "<br-x>", "<br_x>", "<brx>", "</div>", "</DIV class='a'>", "</li>", "</h2>",
            "</h7>", "</blockquote>", "</bloc\u212Aquote>", "</tr>", "</figcaption>", "<hr>", "<hr title=\"a>b\">", "</p\u200D>", "</pé>",
            "<b>", "</b>", "<img src=\"x\" alt='>'>", "<script>", "</script>", "<!-- c", "-->", "<![CDATA[", "]]>", "<?pi", "</>", "</ x>",
            "&amp;", "&nbsp;", "&#1;", "&#65", "&#x1F600;", "&bogus", "&", ";", "kata", "Kata", " ", "  ", "\t", "\n", "\r\n", "\r",
            "\n \n", "\u00A0", "\u2028", "\uD800", "\u0001", "\v", "\f", "<", ">", "\"", "'", "=", "<td>", "<li>",
        ];
        int joined = 0;
        for (int n = 0; n < 20000; n++)
        {
            var html = new StringBuilder();
            int count = random.Next(0, 24);
            for (int i = 0; i < count; i++)
            {
                html.Append(pieces[random.Next(pieces.Length)]);
            }

            joined += AssertSame(html.ToString()) ? 1 : 0;
        }

        // Both ways are exercised: bodies proven by their paragraphs and bodies read again.
        Assert.InRange(joined, 1000, 19000);
    }

    [Fact]
    public void A_release_is_split_without_a_string_per_block()
    {
        string body = string.Concat(Enumerable.Repeat("<p>Gubernur <b>Kalimantan Selatan</b> meresmikan jembatan di Banjarmasin, Senin (12/5).</p>\n", 20));
        _ = StoryText.Paragraphs(body);
        List<string> expected = LegacyParagraphs(body);

        long before = GC.GetAllocatedBytesForCurrentThread();
        List<string> paragraphs = StoryText.Paragraphs(body);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Each paragraph's builder and string, and the list; the pattern's split added a string
        // per block (40 here: the paragraphs and the line feeds between them) and its own list.
        Assert.Equal(expected, paragraphs);
        long budget = paragraphs.Sum(p => (4L * p.Length) + 200) + 1024;
        Assert.True(allocated <= budget, string.Create(CultureInfo.InvariantCulture, $"{allocated} bytes allocated (budget {budget})"));
    }

    /// <summary>Checks the paragraphs and the body's plain text; true when the text was read off the paragraphs.</summary>
    private static bool AssertSame(string? body)
    {
        Assert.Equal(LegacyParagraphs(body), StoryText.Paragraphs(body));
        List<string> blocks = ParagraphBlocks.Read(body, readBodyText: true, out string? joined);
        Assert.Equal(LegacyParagraphs(body), blocks);
        if (joined is not null)
        {
            Assert.Equal(PlainText.FromHtml(body), joined);
        }

        Assert.Equal(PlainText.FromHtml(body), ReadBody(body));
        return joined is not null;
    }

    private static string ReadBody(string? body)
    {
        _ = StoryText.From("Judul", body, out string bodyText);
        return bodyText;
    }

    /// <summary>The first implementation: a string per block split by the pattern, each read as plain text.</summary>
    private static List<string> LegacyParagraphs(string? bodyHtml)
    {
        var paragraphs = new List<string>();
        if (string.IsNullOrWhiteSpace(bodyHtml))
        {
            return paragraphs;
        }

        foreach (string block in BlockBreak().Split(bodyHtml))
        {
            string text = PlainText.FromHtml(block);
            if (!string.IsNullOrWhiteSpace(text))
            {
                paragraphs.Add(text);
            }
        }

        return paragraphs;
    }

    [GeneratedRegex(@"<\s*(?:/p|br|/div|/li|/h[1-6]|/blockquote|/tr|/figcaption|hr)\b[^>]*>|\r?\n\s*\r?\n|\r?\n", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BlockBreak();
}
