using FeedHub.Ingestion.Fetching;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Fetching;

/// <summary>A feed served over IPv6 (the loopback ::1 here, as a publisher with only an AAAA
/// record would be reached): the address rules read the IPv6 address, and an allowance names it.</summary>
public sealed class FeedFetcherIpv6Tests
{
    private const string Rss = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>MC Kalsel</title></channel></rss>""";

    [Fact]
    public async Task A_feed_on_an_ipv6_address_is_fetched_when_allowed_and_refused_by_its_own_rule_otherwise()
    {
        await using FixtureServer server = await FixtureServer.StartAsync("::1");
        server.MapContent("feed", Rss);
        using FetcherHarness allowed = FetcherHarness.Create(options => options.AllowedPrivateNetworks.Add("::1/128"));
        using FetcherHarness onlyIpv4 = FetcherHarness.Create(options => options.AllowedPrivateNetworks.Add("127.0.0.1/32"));

        FetchResult fetched = await allowed.FetchAsync(server.Url("feed"));
        FetchResult refused = await onlyIpv4.FetchAsync(server.Url("feed"));

        Assert.True(fetched.Status == FetchStatus.Ok, fetched.Error);
        Assert.Equal($"http://[::1]:{server.BaseUri.Port}/feed", fetched.FinalUrl!.AbsoluteUri);
        Assert.Equal(FetchStatus.Failed, refused.Status);
        Assert.Contains("::1 is a loopback address", refused.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }
}
