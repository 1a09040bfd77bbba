using FeedHub.Core.Text;

namespace FeedHub.Tests.Text;

public sealed class TruncationTests
{
    [Theory]
    [InlineData("abcdef", 10, "abcdef")]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("ab\uD83D\uDE00cd", 3, "ab")]
    [InlineData("ab\uD83D\uDE00cd", 4, "ab\uD83D\uDE00")]
    public void Cut_never_splits_a_surrogate_pair(string text, int max, string expected)
    {
        Assert.Equal(expected, Truncation.Cut(text, max));
    }

    [Theory]
    [InlineData("Gubernur meresmikan jembatan baru", 100, "Gubernur meresmikan jembatan baru")]
    [InlineData("Gubernur meresmikan jembatan baru", 30, "Gubernur meresmikan jembatan\u2026")]
    [InlineData("Gubernurmeresmikanjembatanbaru", 10, "Gubernurm\u2026")]
    public void Shorten_cuts_at_a_word_and_marks_the_cut(string text, int max, string expected)
    {
        string shortened = Truncation.Shorten(text, max);
        Assert.Equal(expected, shortened);
        Assert.True(shortened.Length <= max);
    }
}
