using System.Globalization;
using FeedHub.Core.Items;
using FeedHub.Core.Stories;
using FeedHub.Tests.Corpus;

namespace FeedHub.Tests.Stories;

/// <summary>Matching texts are stored with every item and decide stories: writing an item's words
/// straight into its text must give the text that joining lists of word strings gave.</summary>
public sealed class StoryTextLegacyTests
{
    [Fact]
    public void Corpus_items_get_the_matching_text_they_got()
    {
        int compared = 0;
        foreach (ParsedItem item in CorpusItems.All())
        {
            AssertSame(Legacy(item.Title, item.Content ?? item.Summary), StoryText.From(item.Title, item.Content ?? item.Summary));
            compared++;
        }

        Assert.True(compared > 1000, $"only {compared} corpus items compared");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("[Rilis] KALSEL: Judul | Portal", "<p>BANJARMASIN, Portal – Rp1.500.000,- dibagikan.</p><p>(Sumber : MC Kalsel)</p><p>Baca juga: lain</p><p>Isi. Foto: Budi</p><p>MC Kalsel/ARH</p>")]
    [InlineData("Café Ülkü 2024", "<p>  </p><p>...</p><br>kata<br/>1,5 juta (sumber: Diskominfo) dan 3.000 orang<p>&nbsp;</p>")]
    [InlineData("  ", "<p>Satu.</p>\n\n<p>Dua!</p><li>tiga</li><p>—</p>")]
    public void Odd_texts_get_the_matching_text_they_got(string? title, string? body)
    {
        AssertSame(Legacy(title, body), StoryText.From(title, body));
    }

    [Fact]
    public void A_release_is_prepared_without_a_string_per_word()
    {
        string body = string.Concat(Enumerable.Repeat("<p>Gubernur Kalimantan Selatan meresmikan jembatan di Banjarmasin, Senin (12/5), senilai Rp1,5 miliar.</p>", 12));
        _ = StoryText.From("Gubernur resmikan jembatan", body);
        long start = GC.GetAllocatedBytesForCurrentThread();
        List<string> paragraphs = RepublisherEdits.CleanBody(StoryText.Paragraphs(body)).Paragraphs;
        long cleaning = GC.GetAllocatedBytesForCurrentThread() - start;

        long before = GC.GetAllocatedBytesForCurrentThread();
        StoryText text = StoryText.From("Gubernur resmikan jembatan", body);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Reading and cleaning the paragraphs allocate what they allocate; the words add the text
        // (a builder and its string) and little else. Each word as a string, each line joined and
        // the lines joined again came to several times the text.
        Assert.Equal(12, paragraphs.Count);
        long budget = cleaning + (6L * text.MatchText.Length) + 1024;
        Assert.True(allocated <= budget, string.Create(CultureInfo.InvariantCulture, $"{allocated} bytes allocated, {cleaning} of them cleaning, for a {text.MatchText.Length}-character text (budget {budget})"));
    }

    private static void AssertSame(StoryText expected, StoryText actual)
    {
        Assert.Equal(expected.MatchText, actual.MatchText);
        Assert.Equal(expected.Credits, actual.Credits);
    }

    /// <summary>The first implementation: word lists joined by spaces, lines joined by line feeds.</summary>
    private static StoryText Legacy(string? title, string? bodyHtml)
    {
        (List<string> paragraphs, List<string> credits) = RepublisherEdits.CleanBody(StoryText.Paragraphs(bodyHtml));
        var lines = new List<string>(paragraphs.Count + 1) { string.Join(' ', MatchingText.Words(RepublisherEdits.CleanTitle(title))) };
        foreach (string paragraph in paragraphs)
        {
            List<string> words = MatchingText.Words(paragraph);
            if (words.Count > 0)
            {
                lines.Add(string.Join(' ', words));
            }
        }

        return new StoryText(string.Join('\n', lines), credits);
    }
}
