using FeedHub.Core.Dates;

namespace FeedHub.Tests.Dates;

public sealed class FeedDateParserTests
{
    [Theory]
    [InlineData("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21+00:00")]
    [InlineData("2004-01-01T19:48:21+07:00", "2004-01-01T12:48:21+00:00")]
    public void Parses_common_forms_into_utc(string text, string expected)
    {
        Assert.True(FeedDateParser.TryParse(text, out DateTimeOffset utc));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), utc);
        Assert.Equal(TimeSpan.Zero, utc.Offset);
    }
}
