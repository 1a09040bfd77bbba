using System.Net;
using System.Text;
using FeedHub.Core.Items;
using FeedHub.Ingestion.Normalizing;
using FeedHub.Ingestion.Parsing;
using FeedHub.Tests.Corpus;

namespace FeedHub.Tests.Normalizing;

/// <summary>The sanitizer's fast path against HtmlSanitizer itself: for every fragment of the
/// corpus, hostile cases and generated markup, the fast path either declines or gives exactly
/// HtmlSanitizer's output (so what is stored, hashed and republished cannot depend on the path).</summary>
public sealed class AllowListFastPathTests(ITestOutputHelper output)
{
    private static readonly HtmlContentSanitizer SlowPath = new(fastPath: false);
    private static readonly Uri[] Bases = [new("https://mc.example.go.id/berita/2024/"), new("http://example.com/feed.xml")];

    public static TheoryData<string> Hostile =>
    [
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JAVASCRIPT:alert(1)\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"javascript&#58;alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"x&#58;y\">x</a>",
        "<a href=\"a?b:c\">x</a>",
        "<a href=\"&amp;#58;x\">x</a>",
        "<a href=\"//evil.example/x\">x</a>",
        "<a href=\"/\\evil.example\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<a href=\"\">x</a>",
        "<a href=\"https://ok.example/\" onclick=\"alert(1)\">x</a>",
        "<a href=\"https://ok.example/\" rel=\"opener\" title=\"t\">x</a>",
        "<a href=https://ok.example/a?b=1>x</a>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"a.jpg\" srcset=\"javascript:alert(1) 1x\">",
        "<img src=\"a.jpg\"/>",
        "<img src=\"a.jpg\" />",
        "<img src=\"a.jpg\"alt=\"x\">",
        "<img src='a.jpg' alt='say \"hi\"'>",
        "<img src=\"a.jpg\" alt=\"a<b>c\">",
        "<img src=\"a.jpg\" alt=\"&lt;script&gt;\">",
        "<img src=\"a.jpg\" alt=\"x\" alt=\"y\">",
        "<img src=\"a.jpg\" ALT=\"x\">",
        "<IMG SRC=\"a.jpg\">",
        "<p>x<script>alert(1)</script></p>",
        "<p>x</p><style>p{}</style>",
        "<p>x<!-- comment --></p>",
        "<p>x<!-->y</p>",
        "<!DOCTYPE html><p>x</p>",
        "<p>a<p>b</p>",
        "<p>a<div>b</div></p>",
        "<p>a</div>",
        "<p>a</P>",
        "<b><i>x</b></i>",
        "<a href=\"https://a.example/\"><a href=\"https://b.example/\">x</a></a>",
        "<h1>a<h2>b</h2></h1>",
        "<ul><li>a<li>b</ul>",
        "<li>a</li>",
        "<ul><li><span><li>b</li></span></li></ul>",
        "<table><tr><td>x</td></tr></table>",
        "<pre>\nx</pre>",
        "<br/>",
        "<br></br>",
        "<p/>x",
        "<div title=\"x\" / >y</div>",
        "x < y & z > w",
        "a <3 b",
        "&amp; &lt; &gt; &quot; &apos; &nbsp; &hellip; &#8211; &#x2014; &#65;",
        "&ampx; &amp &notin; &notit; &#0; &#13; &#128; &#x110000; &#xD800; &#;",
        "&#9; &#10; &#x1F600; \uD83D\uDE00",
        "caf\u00E9\u00A0bar\r\nnext\rline",
        "x\u0001y",
        "x\u0000y",
        "x\uFFFEy",
        "x\uD800y",
        "<p title=\"a\r\nb\">c</p>",
        "<p lang=en dir=ltr>x</p>",
        "<p lang=en/>x</p>",
        "<p data-x=\"1\" class=\"c\" style=\"color:red\" id=\"i\">x</p>",
        "<p onmouseover=alert(1)>x</p>",
        "<p o\"n=1>x</p>",
        "<p ='x'>y</p>",
        "<span title=\"&#x22;&#34;\">x</span>",
        "<blockquote cite=\"javascript:alert(1)\">x</blockquote>",
        "<blockquote cite=\"../kutipan.html\">x</blockquote>",
        "<q cite=\"https://ok.example/q\">x</q>",
        "<span poster=\"javascript:alert(1)\">x</span>",
        "<a href=\"https://ok.example/&quot;onclick=&quot;x\">x</a>",
        "<a href=\"mailto:humas@example.go.id\">m</a>",
        "<a href=\"MAILTO:humas@example.go.id\">m</a>",
        "<a href=\"../lain.html\" target=\"_blank\">lain</a>",
        "<a href=\"?page=2\">q</a>",
        "<a href=\"#top\">t</a>",
        "<a href=\"foto%20baru.jpg\">f</a>",
        "<a href=\"foto baru.jpg\">f</a>",
        "<a href=\"/berita/\u00FC.html\">u</a>",
        "<a>no href</a>",
        "<div><div><div>deep</div></div></div>",
        "<p>unclosed <b>bold",
        "<p>unterminated <a href=\"https://ok.example/",
        "<p>x</p>\n\n<p>y</p>   ",
        "<svg><a href=\"x\">x</a></svg>",
        "<math><mi>x</mi></math>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
        "<form><input></form>",
        "<base href=\"javascript:alert(1)//\"><a href=\"/x\">x</a>",
        "<details open><summary>s</summary>d</details>",
        "<figure><img src=\"a.jpg\" alt=\"a\" width=\"800\" height=\"450\"><figcaption>c</figcaption></figure>",
        "<time datetime=\"2024-05-07\">7 Mei</time>",
        "<ol start=\"3\" reversed><li value=\"5\">x</li></ol>",
    ];

    [Fact]
    public void Named_references_decode_as_a_browser_decodes_them()
    {
        foreach ((string name, char decoded) in AllowListFastPath.DecodedNamedReferences)
        {
            Assert.Equal(decoded.ToString(), WebUtility.HtmlDecode($"&{name};"));
        }
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_markup_is_declined_or_sanitized_exactly_as_HtmlSanitizer_does(string html)
    {
        foreach (Uri baseUri in Bases)
        {
            Assert.Null(Divergence(html, baseUri));
        }
    }

    [Theory]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<img src=x onerror=alert(1) srcset=\"javascript:alert(1) 1x\">")]
    [InlineData("<p>x<script>alert(1)</script></p>")]
    [InlineData("<p>x<!-- y --></p>")]
    [InlineData("<p>a<div>b</div></p>")]
    [InlineData("<b><i>x</b></i>")]
    [InlineData("&notit; x")]
    [InlineData("x\u0000y")]
    public void Markup_it_cannot_prove_goes_to_HtmlSanitizer(string html)
    {
        Assert.False(AllowListFastPath.TryApply(html, Bases[0], out _));
    }

    [Fact]
    public void Canonical_markup_comes_back_as_the_same_string()
    {
        const string Html = "<p>Teks <strong>tebal</strong> &amp; <a href=\"https://mc.example/x\" rel=\"noopener noreferrer nofollow\">tautan</a>.</p>";

        Assert.True(AllowListFastPath.TryApply(Html, Bases[0], out string? output));
        Assert.Same(Html, output);
    }

    [Fact]
    public void WordPress_content_is_proven_and_equals_HtmlSanitizer_output()
    {
        const string Html =
            "<p><img src=\"/wp-content/uploads/2024/05/jembatan.jpg\" alt=\"Jembatan\" width=\"800\" height=\"450\" /></p>\n" +
            "<p>BANJARMASIN &#8211; Gubernur meresmikan jembatan, Selasa (7/5/2024).</p>\n" +
            "<p>&#8220;Jembatan ini untuk masyarakat,&#8221; kata Gubernur. <a href=\"https://mc.example/tag/infrastruktur/\" onclick=\"track()\">Infrastruktur</a> prioritas.</p>";

        Assert.True(AllowListFastPath.TryApply(Html, Bases[0], out string? output));
        Assert.Equal(SlowPath.SanitizeWithHtmlSanitizer(Html, Bases[0]), output);
    }

    [Fact]
    public void Every_fragment_of_the_corpus_is_declined_or_sanitized_exactly_as_HtmlSanitizer_does()
    {
        var failures = new List<string>();
        int fragments = 0;
        int proven = 0;
        foreach ((string source, string html) in CorpusFragments())
        {
            fragments++;
            foreach (Uri baseUri in Bases)
            {
                proven += AllowListFastPath.TryApply(html, baseUri, out _) ? 1 : 0;
                if (Divergence(html, baseUri) is { } divergence)
                {
                    failures.Add($"{source}: {divergence}");
                }
            }
        }

        Assert.True(fragments > 1000, $"only {fragments} fragments found under {CorpusLocator.Root}");
        // The comparison must not hold vacuously: a good share of real fragments take the fast path.
        output.WriteLine($"corpus: {proven} of {fragments * Bases.Length} fragment/base pairs proven");
        Assert.True(proven > fragments / 4, $"only {proven} of {fragments * Bases.Length} proven");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void Generated_markup_is_declined_or_sanitized_exactly_as_HtmlSanitizer_does()
    {
        var random = new Random(20261201);
        var failures = new List<string>();
        int proven = 0;
        const int Cases = 20_000;
        for (int n = 0; n < Cases; n++)
        {
            string html = GeneratedFragment(random);
            Uri baseUri = Bases[n % Bases.Length];
            proven += AllowListFastPath.TryApply(html, baseUri, out _) ? 1 : 0;
            if (Divergence(html, baseUri) is { } divergence)
            {
                failures.Add(divergence);
            }
        }

        output.WriteLine($"generated: {proven} of {Cases} proven");
        Assert.True(proven > Cases / 20, $"only {proven} of {Cases} generated fragments proven");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    /// <summary>Null when the fast path declines, or agrees with HtmlSanitizer and is a fixed point
    /// of itself; else what differs.</summary>
    private static string? Divergence(string html, Uri baseUri)
    {
        if (!AllowListFastPath.TryApply(html, baseUri, out string? fast))
        {
            return null;
        }

        string slow = SlowPath.SanitizeWithHtmlSanitizer(html, baseUri);
        if (slow != fast)
        {
            return $"input {Show(html)}\n  fast {Show(fast)}\n  slow {Show(slow)}";
        }

        if (!AllowListFastPath.TryApply(fast, baseUri, out string? again) || again != fast)
        {
            return $"input {Show(html)}: output {Show(fast)} is not a fixed point ({Show(again)})";
        }

        return null;
    }

    private static string Show(string? text) =>
        text is null ? "(declined)" : System.Text.Json.JsonSerializer.Serialize(text.Length > 400 ? text[..400] + "…" : text);

    private static IEnumerable<(string Source, string Html)> CorpusFragments()
    {
        var parser = new FeedParser();
        IEnumerable<string> files = Directory.EnumerateFiles(CorpusLocator.PathOf("feedparser"), "*.xml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(CorpusLocator.PathOf("real-id"), "*.xml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);
        foreach (string file in files)
        {
            ParsedFeed feed;
            try
            {
                feed = parser.Parse(new FeedDocument(File.ReadAllBytes(file), "application/xml", Bases[1]));
            }
            catch (FeedParseException)
            {
                continue;
            }

            string source = Path.GetRelativePath(CorpusLocator.Root, file);
            foreach (ParsedItem item in feed.Items)
            {
                foreach (string? html in new[] { item.Title, item.Summary, item.Content })
                {
                    if (!string.IsNullOrEmpty(html))
                    {
                        yield return (source, html);
                    }
                }
            }
        }
    }

    private static readonly string[] Pieces =
    [
        "<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<b>", "</b>", "<i>", "</i>", "<em>", "</em>",
        "<strong>", "</strong>", "<a href=\"https://x.example/a?b=1&amp;c=2\">", "<a href=\"../rel.html\" onclick=\"f()\">",
        "<a href=\"javascript:alert(1)\">", "<a>", "</a>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>",
        "<h2>", "</h2>", "<h3>", "</h3>", "<blockquote cite=\"/q\">", "</blockquote>", "<br>", "<br />", "<hr>",
        "<img src=\"/a.jpg\" alt=\"A &amp; B\" width=\"10\">", "<img src=x onerror=alert(1)>",
        "<img src=\"a.jpg\" srcset=\"b.jpg 2x\">", "<figure>", "</figure>", "<figcaption>", "</figcaption>",
        "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<pre>", "</pre>", "<script>", "</script>",
        "<style>", "</style>", "<!-- c -->", "<svg>", "</svg>", "<code>", "</code>", "<small>", "</small>",
        "<sup>", "</sup>", "<q>", "</q>", "<u>", "</u>", "<s>", "</s>", "<font>", "</font>", "<center>",
        "text", "kata", " ", "\n", "\r\n", "\t", "&amp;", "&lt;", "&gt;", "&nbsp;", "&#8211;", "&#x2014;",
        "&hellip;", "&quot;", "&", "<", ">", "\"", "'", "=", "/", "\u00A0", "\u00E9", "\uD83D\uDE00", "&#13;",
        "&#0;", "&copy", "<p title=\"a&quot;b\">", "<p title='x<y'>", "<span lang=id>", "<span class=\"c\" style=\"x\">",
        "<details>", "</details>", "<summary>", "</summary>", "<time datetime=\"2024\">", "</time>",
    ];

    private static string GeneratedFragment(Random random)
    {
        var html = new StringBuilder();
        int count = random.Next(1, 16);
        for (int i = 0; i < count; i++)
        {
            html.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return html.ToString();
    }
}
