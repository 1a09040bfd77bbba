using System.Text.RegularExpressions;
using FeedHub.Core.Text;

namespace FeedHub.Tests.Text;

public sealed class XmlCharsTests
{
    // Lone surrogates cannot travel through attribute metadata, so the cases are written escaped.
    [Theory]
    [InlineData("a\\u0001b", "ab")]
    [InlineData("a\\u000Bb\\u000Cc", "abc")]
    [InlineData("a\\u0000b", "ab")]
    [InlineData("a\\uFFFEb\\uFFFFc", "abc")]
    [InlineData("lone \\uD800 high", "lone  high")]
    [InlineData("lone \\uDC00 low", "lone  low")]
    [InlineData("reversed \\uDC00\\uD800 pair", "reversed  pair")]
    [InlineData("tab\\tlf\\ncr\\r", "tab\\tlf\\ncr\\r")]
    [InlineData("emoji \\uD83D\\uDE00 kept", "emoji \\uD83D\\uDE00 kept")]
    [InlineData("end \\uD83D", "end ")]
    [InlineData("\\uE000\\uFFFD", "\\uE000\\uFFFD")]
    public void Removes_characters_illegal_in_xml(string escapedText, string escapedExpected)
    {
        string cleaned = XmlChars.RemoveIllegal(Regex.Unescape(escapedText));
        Assert.Equal(Regex.Unescape(escapedExpected), cleaned);
        Assert.Equal(-1, XmlChars.IndexOfIllegal(cleaned));
        System.Xml.XmlConvert.VerifyXmlChars(cleaned);
    }

    [Fact]
    public void Returns_the_same_instance_when_nothing_is_illegal()
    {
        string text = "Berita \uD83D\uDE00 hari ini";
        Assert.Same(text, XmlChars.RemoveIllegal(text));
    }
}
