using FeedHub.Core.Text;

namespace FeedHub.Tests.Text;

public sealed class PlainTextTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("  Gubernur   meresmikan\n\tjembatan  ", "Gubernur meresmikan jembatan")]
    [InlineData("<b>Banjir</b> di <i>Martapura</i>", "Banjir di Martapura")]
    [InlineData("Satu<br>dua<p>tiga</p>", "Satu dua tiga")]
    [InlineData("</title><script>alert(1)</script>Judul", "Judul")]
    [InlineData("<SCRIPT type=\"text/javascript\">x = '</div>';</SCRIPT>Teks", "Teks")]
    [InlineData("<style>b{}</style>Teks", "Teks")]
    [InlineData("&amp;lt;script&amp;gt;", "&lt;script&gt;")]
    [InlineData("&lt;b&gt;x", "<b>x")]
    [InlineData("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>")]
    [InlineData("Tom &amp; Jerry", "Tom & Jerry")]
    [InlineData("Rp&nbsp;5&#160;juta", "Rp 5 juta")]
    [InlineData("&#8220;Kutipan&#x201D;", "\u201CKutipan\u201D")]
    [InlineData("a ]]> b", "a ]]> b")]
    [InlineData("<![CDATA[Ganda]]>", "Ganda")]
    [InlineData("3 < 5 dan 7 > 6", "3 < 5 dan 7 > 6")]
    [InlineData("a <!-- komentar --> b", "a b")]
    [InlineData("<a href=\"x>y\" title='>'>tautan</a>", "tautan")]
    [InlineData("tag tak tertutup <b", "tag tak tertutup")]
    [InlineData("Kota&amp;Kabupaten", "Kota&Kabupaten")]
    public void Strips_tags_and_decodes_entities_once(string? html, string expected)
    {
        Assert.Equal(expected, PlainText.FromHtml(html));
    }

    [Fact]
    public void Returns_the_same_instance_for_clean_text()
    {
        const string Title = "Pemprov Kalsel gelar rapat";
        Assert.Same(Title, PlainText.FromHtml(Title));
    }
}
