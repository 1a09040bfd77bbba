using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;

namespace FeedHub.Tests.Publishing;

public sealed class StoryCursorTests
{
    [Fact]
    public void A_cursor_reads_back_exactly_to_the_tick()
    {
        var cursor = new StoryCursor(new DateTimeOffset(2024, 5, 7, 3, 0, 0, TimeSpan.Zero).AddTicks(1234567), 42);

        Assert.True(StoryCursor.TryParse(cursor.ToString(), out StoryCursor? parsed));
        Assert.Equal(cursor, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("123-")]
    [InlineData("123-0")]
    [InlineData("123--4")]
    [InlineData("+123-4")]
    [InlineData("99999999999999999999-4")]
    [InlineData("3155378976000000000-4")]
    public void Malformed_cursors_are_rejected(string text) => Assert.False(StoryCursor.TryParse(text, out _));
}
