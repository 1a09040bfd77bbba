using System.Security.Cryptography.X509Certificates;
using FeedHub.Core.Sources;
using FeedHub.Ingestion.Fetching;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Fetching;

/// <summary>Feeds over https, from a real TLS server on loopback with a self-signed certificate:
/// trusted where the test says so (as a public CA's would be), refused where it does not.</summary>
public sealed class FeedFetcherTlsTests
{
    private const string Rss = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>MC Kalsel</title></channel></rss>""";

    [Fact]
    public async Task An_https_feed_is_fetched_and_its_validators_bring_a_304_over_the_same_tls()
    {
        using X509Certificate2 certificate = LoopbackCertificate.Create();
        await using FixtureServer server = await FixtureServer.StartHttpsAsync(certificate);
        server.MapConditional("feed", () => Rss, () => "\"v1\"");
        using FetcherHarness harness = FetcherHarness.Create(options => options.AllowPrivateNetworks = true, trusted: certificate);

        FetchResult first = await harness.FetchAsync(server.Url("feed"));
        FetchResult second = await harness.FetchAsync(server.Url("feed"), etag: first.ETag);

        Assert.True(first.Status == FetchStatus.Ok, first.Error);
        Assert.Equal(Rss, System.Text.Encoding.UTF8.GetString(first.Body.Span));
        Assert.Equal("\"v1\"", first.ETag);
        Assert.Equal(FetchStatus.NotModified, second.Status);
        Assert.Equal("\"v1\"", server.Requests.Last().Headers["If-None-Match"]);
    }

    [Fact]
    public async Task A_certificate_no_one_vouches_for_fails_the_fetch_with_what_tls_said()
    {
        using X509Certificate2 certificate = LoopbackCertificate.Create();
        await using FixtureServer server = await FixtureServer.StartHttpsAsync(certificate);
        server.MapContent("feed", Rss);
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.StartsWith($"TLS with 127.0.0.1:{server.BaseUri.Port} failed", result.Error, StringComparison.Ordinal);
        Assert.Contains("certificate", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_redirect_from_https_down_to_plain_http_is_refused_and_nothing_goes_in_clear()
    {
        using X509Certificate2 certificate = LoopbackCertificate.Create();
        await using FixtureServer secure = await FixtureServer.StartHttpsAsync(certificate);
        await using FixtureServer plain = await FixtureServer.StartAsync();
        plain.MapContent("feed", Rss);
        secure.MapRedirect("feed", plain.Url("feed").AbsoluteUri);
        using FetcherHarness harness = FetcherHarness.Create(options => options.AllowPrivateNetworks = true, trusted: certificate);
        var settings = new SourceFetchSettings { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer portal-token" } };

        FetchResult result = await harness.Fetcher.FetchAsync(new FetchRequest(secure.Url("feed"), null, null) { Settings = settings }, TestContext.Current.CancellationToken);

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("redirect from https to http refused", result.Error, StringComparison.Ordinal);
        // The token went over TLS to the origin it was given for; nothing reached the plain server.
        Assert.Equal("Bearer portal-token", Assert.Single(secure.Requests).Headers["Authorization"]);
        Assert.Empty(plain.Requests);
    }
}
