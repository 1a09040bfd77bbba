using FeedHub.Ingestion.Normalizing;

namespace FeedHub.Tests.Normalizing;

public sealed class HtmlContentSanitizerTests
{
    private static readonly HtmlContentSanitizer Sanitizer = new();
    private static readonly Uri ItemBase = new("https://mc.example.go.id/berita/2024/");

    public static TheoryData<string> XssCorpus =>
    [
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"  java&#x09;script&#58;alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"\njavascript:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<img src=\"ok.jpg\" srcset=\"ok.jpg 1x, javascript:alert(1) 2x\">",
        "<img srcset=\"javascript:alert(1) 1x\">",
        "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<svg><style>@import 'javascript:alert(1)';</style><script>alert(1)</script></svg>",
        "<svg onload=alert(1)><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<form action=\"javascript:alert(1)\"><input type=submit formaction=\"javascript:alert(1)\"><button onclick=alert(1)>x</button></form>",
        "<base href=\"javascript:alert(1)//\"><a href=\"/x\">x</a>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<script>alert(1)</script>",
        "<scr<script>ipt>alert(1)</script>",
        "<p onmouseover=alert(1) onclick=alert(1)>x</p>",
        "<video poster=\"javascript:alert(1)\" onerror=alert(1)><source src=\"javascript:alert(1)\"></video>",
        "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
        "<a href=\"https://ok.example/\" onclick=\"alert(1)\" target=\"_top\">x</a>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<textarea><script>alert(1)</script></textarea>",
        "<link rel=stylesheet href=\"javascript:alert(1)\"><template><script>alert(1)</script></template>",
        "<blockquote cite=\"javascript:alert(1)\">x</blockquote>",
    ];

    [Theory]
    [MemberData(nameof(XssCorpus))]
    public void Nothing_executable_survives(string html)
    {
        string? output = Sanitizer.Sanitize(html, ItemBase);
        string lower = (output ?? string.Empty).ToLowerInvariant();

        foreach (string forbidden in new[]
        {
            "<script", "<style", "<iframe", "<svg", "<math", "<form", "<input", "<button", "<base", "<meta",
            "<object", "<embed", "<link", "<template", "<textarea", "<noscript", "javascript:", "vbscript:", "data:",
        })
        {
            Assert.DoesNotContain(forbidden, lower, StringComparison.Ordinal);
        }

        AssertOnlySafeMarkup(output);
    }

    [Fact]
    public void An_attribute_value_stays_a_value()
    {
        string? output = Sanitizer.Sanitize("<img src=\"x\" alt=\"&quot; onerror=&quot;alert(1)\">", ItemBase);

        Assert.Equal("<img src=\"https://mc.example.go.id/berita/2024/x\" alt=\"&quot; onerror=&quot;alert(1)\">", output);
        AssertOnlySafeMarkup(output);
    }

    [Fact]
    public void Keeps_ordinary_article_markup()
    {
        const string Html =
            "<h2>Judul</h2><p>Teks <strong>tebal</strong> dan <em>miring</em>.</p>" +
            "<ul><li>satu</li></ul><blockquote>kutipan</blockquote>" +
            "<table><tr><td colspan=\"2\">sel</td></tr></table>";

        string? output = Sanitizer.Sanitize(Html, ItemBase);

        Assert.Equal(
            "<h2>Judul</h2><p>Teks <strong>tebal</strong> dan <em>miring</em>.</p>" +
            "<ul><li>satu</li></ul><blockquote>kutipan</blockquote>" +
            "<table><tbody><tr><td colspan=\"2\">sel</td></tr></tbody></table>",
            output);
    }

    [Fact]
    public void Links_get_rel_and_absolute_urls()
    {
        string? output = Sanitizer.Sanitize("<a href=\"../lain.html\" target=\"_blank\">lain</a>", ItemBase);

        Assert.Equal("<a href=\"https://mc.example.go.id/berita/lain.html\" rel=\"noopener noreferrer nofollow\">lain</a>", output);
    }

    [Fact]
    public void Existing_rel_values_are_replaced()
    {
        string? output = Sanitizer.Sanitize("<a href=\"https://x.example/\" rel=\"opener\">x</a>", ItemBase);

        Assert.Equal("<a href=\"https://x.example/\" rel=\"noopener noreferrer nofollow\">x</a>", output);
    }

    [Fact]
    public void Relative_image_sources_and_srcset_entries_are_resolved()
    {
        string? output = Sanitizer.Sanitize("<img src=\"foto.jpg\" srcset=\"/kecil.jpg 480w, //cdn.example.id/besar.jpg 1024w\" alt=\"Foto\">", ItemBase);

        Assert.NotNull(output);
        Assert.Contains("src=\"https://mc.example.go.id/berita/2024/foto.jpg\"", output, StringComparison.Ordinal);
        Assert.Contains("https://mc.example.go.id/kecil.jpg 480w", output, StringComparison.Ordinal);
        Assert.Contains("https://cdn.example.id/besar.jpg 1024w", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_srcset_entry_is_dropped_and_good_ones_kept()
    {
        string? output = Sanitizer.Sanitize("<img src=\"a.jpg\" srcset=\"a.jpg 1x, javascript:alert(1) 2x, b.jpg 3x\">", ItemBase);

        Assert.NotNull(output);
        Assert.Contains("https://mc.example.go.id/berita/2024/a.jpg 1x", output, StringComparison.Ordinal);
        Assert.Contains("https://mc.example.go.id/berita/2024/b.jpg 3x", output, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Mailto_links_are_kept()
    {
        string? output = Sanitizer.Sanitize("<a href=\"mailto:humas@example.go.id\">surel</a>", ItemBase);

        Assert.Equal("<a href=\"mailto:humas@example.go.id\" rel=\"noopener noreferrer nofollow\">surel</a>", output);
    }

    [Fact]
    public void Unknown_wrappers_keep_their_text_but_dangerous_elements_lose_theirs()
    {
        string? output = Sanitizer.Sanitize("<font color=red><center>Teks</center></font><script>rahasia()</script><svg><text>gambar</text></svg>", ItemBase);

        Assert.Equal("Teks", output);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<script>alert(1)</script>")]
    public void Nothing_left_is_null(string? html)
    {
        Assert.Null(Sanitizer.Sanitize(html, ItemBase));
    }

    [Fact]
    public void Output_respects_the_size_limit()
    {
        string html = string.Concat(Enumerable.Repeat("<a href=\"x\">t</a>", 2_000));

        string? output = Sanitizer.Sanitize(html, ItemBase, maxLength: 5_000);

        Assert.NotNull(output);
        Assert.InRange(output.Length, 1_000, 5_000);
        Assert.EndsWith("</a>", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Survives_100000_nested_divs_quickly()
    {
        string html = "awal" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "isi" + string.Concat(Enumerable.Repeat("</div>", 100_000)) + "akhir";
        string? output = null;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        // A fresh thread with the default stack size: a stack overflow would end the test process.
        var thread = new Thread(() => output = Sanitizer.Sanitize(html, ItemBase, maxLength: 2_000_000));
        thread.Start();
        thread.Join();

        Assert.NotNull(output);
        Assert.StartsWith("awal<div>", output, StringComparison.Ordinal);
        Assert.EndsWith("</div>akhir", output, StringComparison.Ordinal);
        Assert.Contains(">isi<", output, StringComparison.Ordinal);
        Assert.InRange(CountOf(output, "<div>"), 1, HtmlNestingLimiter.DefaultMaxDepth);
        Assert.Equal(CountOf(output, "<div>"), CountOf(output, "</div>"));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Parses the output as a browser would and checks every element and attribute.</summary>
    private static void AssertOnlySafeMarkup(string? output)
    {
        if (output is null)
        {
            return;
        }

        string[] allowedElements =
        [
            "html", "head", "body", "p", "br", "hr", "div", "span", "a", "b", "strong", "i", "em", "u", "s", "img",
            "video", "source", "blockquote", "table", "tbody", "tr", "td", "figure", "picture", "audio",
        ];
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(output);
        foreach (AngleSharp.Dom.IElement element in document.All)
        {
            Assert.Contains(element.LocalName, allowedElements);
            foreach (AngleSharp.Dom.IAttr attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{element.LocalName} has {attribute.Name}");
                Assert.DoesNotContain(attribute.Name, new[] { "style", "srcdoc", "formaction", "action", "target", "xlink:href", "http-equiv" });
                if (attribute.Name is "href" or "src" or "cite" or "poster")
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
