using FeedHub.Ingestion.Normalizing;

namespace FeedHub.Tests.Normalizing;

public sealed class ItemDatesTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 7, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2024-05-07T10:00:00+07:00", null, "2024-05-07T03:00:00Z")]
    [InlineData("Tue, 07 May 2024 01:00:00 GMT", null, "2024-05-07T01:00:00Z")]
    [InlineData(null, "2024-05-06T00:00:00Z", "2024-05-06T00:00:00Z")]
    [InlineData("bukan tanggal", "2024-05-06T00:00:00Z", "2024-05-06T00:00:00Z")]
    [InlineData(null, null, "2024-05-07T03:00:00Z")]
    [InlineData("2999-01-01T00:00:00Z", null, "2024-05-07T03:00:00Z")]
    [InlineData("2024-05-08T04:00:00Z", null, "2024-05-07T03:00:00Z")]
    [InlineData("2024-05-08T02:00:00Z", null, "2024-05-08T02:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z", null, "2024-05-07T03:00:00Z")]
    [InlineData("2999-01-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-01T00:00:00Z")]
    public void Published_falls_back_to_updated_then_first_seen(string? published, string? updated, string expected)
    {
        DateTimeOffset result = ItemDates.Published(published, updated, Now);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result);
        Assert.Equal(TimeSpan.Zero, result.Offset);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("2024-05-06T00:00:00Z", "2024-05-06T00:00:00Z")]
    [InlineData("2999-01-01T00:00:00Z", null)]
    public void Updated_is_kept_only_when_plausible(string? updated, string? expected)
    {
        DateTimeOffset? expectedDate = expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expectedDate, ItemDates.Updated(updated, Now));
    }
}
