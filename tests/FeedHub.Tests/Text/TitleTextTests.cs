using System.Text.RegularExpressions;
using FeedHub.Core.Text;

namespace FeedHub.Tests.Text;

public sealed class TitleTextTests
{
    private static readonly Regex TagStart = new("<[A-Za-z/!?]", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>Banjir", "Banjir")]
    [InlineData("<<b>img src=x onerror=alert(1)>Banjir", "Banjir")]
    [InlineData("3 < 5 dan 7 > 2", "3 < 5 dan 7 > 2")]
    [InlineData("Harga <naik", "Harga ")]
    [InlineData("a <", "a <")]
    public void Tag_like_sequences_are_removed_and_comparisons_kept(string text, string expected) =>
        Assert.Equal(expected, TitleText.RemoveTagLike(text));

    [Fact]
    public void Deeply_nested_pieces_that_join_into_tags_leave_no_tag()
    {
        // Each removal joins a '<' kept before it with the letter after it: a pass per layer would
        // need as many passes as there are layers.
        string hostile = string.Concat(Enumerable.Repeat("<", 4000)) + "b" + string.Concat(Enumerable.Repeat(">img", 4000)) + " onerror=x>Banjir";

        string cleaned = TitleText.RemoveTagLike(hostile);

        Assert.DoesNotMatch(TagStart, cleaned);
        Assert.EndsWith("Banjir", cleaned, StringComparison.Ordinal);
    }
}
