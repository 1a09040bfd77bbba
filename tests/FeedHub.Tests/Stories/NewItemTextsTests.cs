using System.Globalization;
using FeedHub.Core.Items;
using FeedHub.Core.Stories;
using FeedHub.Core.Text;
using FeedHub.Tests.Corpus;

namespace FeedHub.Tests.Stories;

/// <summary>A new item's matching text and search text are stored with it: reading its body once
/// for both must give the texts that reading it once for each gave.</summary>
public sealed class NewItemTextsTests
{
    [Fact]
    public void Corpus_items_get_the_texts_they_got()
    {
        int compared = 0;
        foreach (ParsedItem item in CorpusItems.All())
        {
            AssertSame(item.Title, item.Summary, item.Content);
            // Without content the summary is the body; without either, neither is.
            AssertSame(item.Title, item.Summary, null);
            AssertSame(item.Title, null, null);
            compared++;
        }

        Assert.True(compared > 1000, $"only {compared} corpus items compared");
    }

    [Theory]
    [InlineData("Banjir&nbsp;<b>rob</b>", "Ringkasan", "<p>Isi</p><p>berita</p>")]
    [InlineData("Judul", "<p>Satu</p>\n<p>Dua</p>", null)]
    [InlineData("Judul", null, "<!-- a\nb -->c<script>x\n</script>d&#65\n;")]
    [InlineData(null, "", " ")]
    public void Odd_items_get_the_texts_they_got(string? title, string? summary, string? content) => AssertSame(title, summary, content);

    [Fact]
    public void A_release_body_is_read_once()
    {
        string content = string.Concat(Enumerable.Repeat("<p>Gubernur <b>Kalimantan Selatan</b> meresmikan jembatan di Banjarmasin, Senin (12/5).</p>\n", 20));
        _ = NewItemTexts.Read("Judul", "Ringkasan", content, out _);
        _ = PlainText.FromHtml(content);

        long before = GC.GetAllocatedBytesForCurrentThread();
        _ = NewItemTexts.Read("Judul", "Ringkasan", content, out string searchText);
        long once = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        _ = StoryText.From("Judul", content);
        _ = SearchFold.ItemText("Judul", "Ringkasan", content);
        long twice = GC.GetAllocatedBytesForCurrentThread() - before;

        // Reading the content again for the search text cost a builder as long as the HTML and its
        // collapsed string; joining the paragraphs costs one string of the text.
        Assert.Equal(SearchFold.ItemText("Judul", "Ringkasan", content), searchText);
        Assert.True(once + content.Length <= twice, string.Create(CultureInfo.InvariantCulture, $"{once} bytes read once, {twice} read twice, for {content.Length} characters"));
    }

    private static void AssertSame(string? title, string? summary, string? content)
    {
        StoryText story = NewItemTexts.Read(title, summary, content, out string searchText);
        StoryText expected = StoryText.From(title, content ?? summary);
        Assert.Equal(expected.MatchText, story.MatchText);
        Assert.Equal(expected.Credits, story.Credits);
        Assert.Equal(SearchFold.ItemText(title, summary, content), searchText);
    }
}
