using FeedHub.Core.Text;

namespace FeedHub.Tests.Text;

public sealed class SearchFoldTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("  ", "")]
    [InlineData("Gubernur  KALSEL\tresmikan", "gubernur kalsel resmikan")]
    [InlineData("Café", "cafe")]
    [InlineData("Cafe\u0301", "cafe")]
    [InlineData("İstanbul", "istanbul")]
    [InlineData("ıstanbul", "istanbul")]
    [InlineData("İZMİR", "izmir")]
    [InlineData("Straße STRASSE ẞ", "strasse strasse ss")]
    [InlineData("ＫＡＬＳＥＬ　２０２４", "kalsel 2024")]
    [InlineData("ﬁnal m²", "final m2")]
    [InlineData("Jum'at Jum’at", "jumat jumat")]
    [InlineData("anak-anak", "anak anak")]
    [InlineData("100% naik_turun", "100 naik turun")]
    [InlineData("Rp 1.500.000,-", "rp 1 500 000")]
    [InlineData("Đà Nẵng", "da nang")]
    [InlineData("Søren Łódź Æble", "soren lodz aeble")]
    [InlineData("ΟΔΟΣ οδος", "οδοσ οδοσ")]
    [InlineData("МОСКВА", "москва")]
    [InlineData("東京都知事", "東 京 都 知 事")]
    [InlineData("banjir🌊rob", "banjir rob")]
    [InlineData("ban\u00ADjir", "banjir")]
    [InlineData("ꦗꦮ ꦱꦶ ꦱ", "ꦗꦮ ꦱꦶ ꦱ")]
    [InlineData("Thai\u200Btext", "thai text")]
    [InlineData("한국", "\u1112\u1161\u11AB\u1100\u116E\u11A8")]
    public void Folds_case_accents_width_and_punctuation(string? text, string expected)
    {
        Assert.Equal(expected, SearchFold.Fold(text));
    }

    [Fact]
    public void Folding_is_idempotent()
    {
        string once = SearchFold.Fold("Ä°stanbul İstanbul ＣＡＦÉ Straße 東京 Jum'at ꦗꦮ");
        Assert.Equal(once, SearchFold.Fold(once));
    }

    [Fact]
    public void Item_text_reads_html_as_text_and_joins_title_summary_and_content()
    {
        Assert.Equal("banjir rob ringkasan isi berita", SearchFold.ItemText("Banjir&nbsp;<b>rob</b>", "Ringkasan", "<p>Isi</p><p>berita</p>"));
    }

    [Fact]
    public void Item_text_is_cut_between_tokens_at_the_limit()
    {
        string content = string.Concat(Enumerable.Repeat("kata ", SearchFold.MaxTextLength));
        string folded = SearchFold.ItemText("judul", null, content);

        Assert.InRange(folded.Length, SearchFold.MaxTextLength - 5, SearchFold.MaxTextLength);
        Assert.EndsWith(" kata", folded, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokens_of_punctuation_only_are_none()
    {
        Assert.Empty(SearchFold.Tokens("%_-!"));
        Assert.Equal(["covid", "19"], SearchFold.Tokens("Covid-19"));
    }
}
