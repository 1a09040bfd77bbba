using FeedHub.Core.Scheduling;
using FeedHub.Storage.Mapping;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>The JSON columns every poll's source load reads keep the text rows already hold: the
/// posting history (generated serializer code now) and the empty lists and header object (read
/// without the serializer now).</summary>
public sealed class SourceColumnsFormatTests
{
    private const string StoredCadence =
        """{"entries":[1796191528,1796160600],"ttl":null,"period":3600,"skipHours":[],"skipDays":[]}""";

    [Fact]
    public void The_posting_history_reads_and_writes_the_stored_text()
    {
        (IReadOnlyList<DateTimeOffset> entries, PublisherHints hints) = CadenceColumn.Read(StoredCadence);

        Assert.Equal([DateTimeOffset.FromUnixTimeSeconds(1796191528), DateTimeOffset.FromUnixTimeSeconds(1796160600)], entries);
        Assert.Equal(TimeSpan.FromHours(1), hints.UpdatePeriod);
        Assert.Null(hints.Ttl);
        Assert.Equal(StoredCadence, CadenceColumn.Write(entries, hints));
        Assert.Equal(
            """{"entries":[],"ttl":90,"period":null,"skipHours":[0,23],"skipDays":[0,6]}""",
            CadenceColumn.Write([], new PublisherHints { Ttl = TimeSpan.FromSeconds(90), SkipHours = [0, 23], SkipDays = [DayOfWeek.Sunday, DayOfWeek.Saturday] }));
    }

    [Fact]
    public void Empty_lists_and_headers_read_as_empty_and_headers_ignore_case()
    {
        Assert.Empty(JsonColumns.ToStrings("[]"));
        Assert.Equal(["Jawa Timur"], JsonColumns.ToStrings("""["Jawa Timur"]"""));
        Assert.Empty(SourceSettingsColumns.ToRules("[]"));

        var none = SourceSettingsColumns.ToHeaders("{}");
        Assert.Empty(none);
        var some = SourceSettingsColumns.ToHeaders("""{"Authorization":"x"}""");
        Assert.Equal("x", some["authorization"]);
        Assert.Equal(StringComparer.OrdinalIgnoreCase, ((Dictionary<string, string>)none).Comparer);
    }
}
