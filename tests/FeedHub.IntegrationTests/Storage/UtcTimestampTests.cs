using System.Globalization;
using System.Text;
using FeedHub.Storage.Mapping;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>The stored form of an instant reads back exactly, by the fixed-width fast path and by
/// the general parser alike; anything else is refused as before.</summary>
public sealed class UtcTimestampTests
{
    [Fact]
    public void Every_written_instant_reads_back_exactly_from_text_and_from_UTF8_bytes()
    {
        var random = new Random(7);
        DateTimeOffset[] instants =
        [
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue.ToUniversalTime(), new(2024, 2, 29, 23, 59, 59, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.FromHours(8)).AddTicks(1234567),
            .. Enumerable.Range(0, 2_000).Select(_ => new DateTimeOffset(random.NextInt64(DateTime.MaxValue.Ticks), TimeSpan.Zero)),
        ];
        foreach (DateTimeOffset instant in instants)
        {
            string text = UtcTimestamp.ToText(instant);
            DateTimeOffset general = DateTimeOffset.ParseExact(text, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            Assert.Equal(instant.UtcTicks, UtcTimestamp.Parse(text).UtcTicks);
            Assert.Equal(general, UtcTimestamp.Parse(text));
            Assert.Equal(TimeSpan.Zero, UtcTimestamp.Parse(text).Offset);
            Assert.Equal(general, UtcTimestamp.Parse(Encoding.UTF8.GetBytes(text)));
        }
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00.0000000Z")]
    [InlineData("2026-13-01T00:00:00.0000000Z")]
    [InlineData("2026-12-01T24:00:00.0000000Z")]
    [InlineData("2026-12-01 10:00:00.0000000Z")]
    [InlineData("2026-12-01T1a:00:00.0000000Z")]
    [InlineData("not a time")]
    [InlineData("2026-12-01T10:00:00Z")]
    public void A_value_that_is_not_the_stored_form_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => UtcTimestamp.Parse(text));
        Assert.Throws<FormatException>(() => UtcTimestamp.Parse(Encoding.UTF8.GetBytes(text)));
    }
}
