using FeedHub.Ingestion.Normalizing;

namespace FeedHub.Tests.Normalizing;

public sealed class HtmlNestingLimiterTests
{
    [Theory]
    [InlineData("<p>a</p><p>b</p>")]
    [InlineData("<div><div><span>x</span></div></div>")]
    [InlineData("teks biasa tanpa tag")]
    [InlineData("<img src=a.jpg><br><hr>")]
    public void Leaves_shallow_markup_untouched(string html)
    {
        Assert.Same(html, HtmlNestingLimiter.Limit(html, maxDepth: 8));
    }

    [Fact]
    public void Flattens_below_the_limit_and_keeps_the_text()
    {
        string html = "<div><div><div><div>isi</div></div></div></div>";

        Assert.Equal("<div><div>isi</div></div>", HtmlNestingLimiter.Limit(html, maxDepth: 2));
    }

    [Fact]
    public void Unclosed_paragraphs_and_list_items_do_not_count_as_nesting()
    {
        string html = string.Concat(Enumerable.Repeat("<p>para<li>butir", 50));

        Assert.Same(html, HtmlNestingLimiter.Limit(html, maxDepth: 8));
    }

    [Fact]
    public void End_tags_the_parser_ignores_do_not_reduce_the_depth()
    {
        // </span> cannot close across the <div> the parser keeps open, so this nests 2 per repeat.
        string html = string.Concat(Enumerable.Repeat("<span><div></span>", 20));

        string limited = HtmlNestingLimiter.Limit(html, maxDepth: 10);

        Assert.Equal(10, ParsedDepth(limited) - 2);
    }

    [Fact]
    public void Raw_text_is_not_read_as_markup()
    {
        string html = "<div><script>var s = '<div><div><div>';</script></div>";

        Assert.Same(html, HtmlNestingLimiter.Limit(html, maxDepth: 2));
    }

    [Fact]
    public void A_script_beyond_the_limit_is_removed_whole()
    {
        string html = "<div><div><script>alert('<b>')</script>x</div></div>";

        Assert.Equal("<div>x</div>", HtmlNestingLimiter.Limit(html, maxDepth: 1));
    }

    [Fact]
    public void A_removed_script_does_not_swallow_the_end_tag_of_a_later_one()
    {
        string html = "<div><script>a()</script></div><script>b()</script><div>x</div>";

        Assert.Equal("<div></div><script>b()</script><div>x</div>", HtmlNestingLimiter.Limit(html, maxDepth: 1));
    }

    [Fact]
    public void Quoted_angle_brackets_in_attributes_do_not_end_a_tag()
    {
        string html = "<div title=\"a>b\"><div title='<div>'>x</div></div>";

        Assert.Equal("<div title=\"a>b\">x</div>", HtmlNestingLimiter.Limit(html, maxDepth: 1));
    }

    [Theory]
    [InlineData(100_000, "<div>")]
    [InlineData(100_000, "<span>")]
    [InlineData(50_000, "<table><tr><td>")]
    [InlineData(50_000, "<b><div>")]
    [InlineData(5_000, "<p><i class=a></p>")]
    public void Bounds_the_depth_the_parser_builds(int repeats, string unit)
    {
        string html = string.Concat(Enumerable.Repeat(unit, repeats)) + "x";

        string limited = HtmlNestingLimiter.Limit(html);

        Assert.True(ParsedDepth(limited) <= HtmlNestingLimiter.DefaultMaxDepth + 64, $"depth {ParsedDepth(limited)}");
    }

    [Fact]
    public void Reopened_formatting_elements_cannot_multiply_nodes()
    {
        // Each <b> with new attributes stays on the parser's list of elements to reopen in every
        // later paragraph: unchecked, these 2,000 paragraphs build about two million nodes.
        const int Paragraphs = 2_000;
        string html = string.Concat(Enumerable.Range(0, Paragraphs).Select(i => $"<p><b id={i}>k</p>"));

        string limited = HtmlNestingLimiter.Limit(html);

        int elements = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(limited).All.Length;
        Assert.InRange(elements, Paragraphs * 2, (Paragraphs + 1) * (HtmlNestingLimiter.MaxReopenedFormatting + 2));
    }

    [Fact]
    public void Sloppy_but_ordinary_formatting_is_kept()
    {
        string html = string.Concat(Enumerable.Repeat("<p><strong>Judul</p><p>teks <a href=\"/x\">tautan</a></p>", 200));

        Assert.Same(html, HtmlNestingLimiter.Limit(html));
    }

    /// <summary>Depth of the deepest element AngleSharp builds, counted without recursion.</summary>
    private static int ParsedDepth(string html)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        int deepest = 0;
        var pending = new Stack<(AngleSharp.Dom.IElement Element, int Depth)>();
        pending.Push((document.DocumentElement, 1));
        while (pending.Count > 0)
        {
            (AngleSharp.Dom.IElement element, int depth) = pending.Pop();
            deepest = Math.Max(deepest, depth);
            foreach (AngleSharp.Dom.IElement child in element.Children)
            {
                pending.Push((child, depth + 1));
            }
        }

        return deepest;
    }
}
