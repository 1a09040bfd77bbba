using System.Net;
using System.Xml.Linq;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies an operator
/// named in FeedHub:Http; the admin rate limit keys on the client address they give.</summary>
public sealed class ForwardedHeadersTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Untrusted => new()
    {
        // None configured: the middleware would otherwise believe any caller.
        { "FeedHub:Publishing:Title", "FeedHub" },
        { "FeedHub:Http:KnownProxies:0", "10.1.2.3" },
        { "FeedHub:Http:KnownNetworks:0", "10.0.0.0/8" },
    };

    [Theory]
    [MemberData(nameof(Untrusted))]
    public async Task Forwarded_headers_from_an_address_that_is_no_known_proxy_are_ignored(string key, string value)
    {
        await using WorkerHost host = await StartAsync(key, value);

        string self = await SelfLinkAsync(host, forwardedFor: "203.0.113.7");
        List<HttpStatusCode> statuses = [];
        for (int i = 0; i < 3; i++)
        {
            statuses.Add(await AdminStatusAsync(host, $"203.0.113.{i + 1}"));
        }

        Assert.Equal(new Uri(host.BaseUri, "feed.atom").AbsoluteUri, self);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Theory]
    [InlineData("FeedHub:Http:KnownProxies:0", "127.0.0.1")]
    [InlineData("FeedHub:Http:KnownNetworks:0", "127.0.0.0/8")]
    public async Task A_known_proxy_gives_the_scheme_and_the_client_address_that_the_rate_limit_keys_on(string key, string value)
    {
        await using WorkerHost host = await StartAsync(key, value);

        string self = await SelfLinkAsync(host, forwardedFor: "203.0.113.7");
        List<HttpStatusCode> clients = [];
        for (int i = 0; i < 3; i++)
        {
            clients.Add(await AdminStatusAsync(host, $"203.0.113.{i + 1}"));
        }

        List<HttpStatusCode> oneClient = [];
        for (int i = 0; i < 3; i++)
        {
            oneClient.Add(await AdminStatusAsync(host, "198.51.100.9"));
        }

        Assert.Equal("https" + new Uri(host.BaseUri, "feed.atom").AbsoluteUri[4..], self);
        Assert.All(clients, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], oneClient);
    }

    private static Task<WorkerHost> StartAsync(string key, string value) => WorkerHost.StartAsync(new Dictionary<string, string>
    {
        [key] = value,
        ["FeedHub:Admin:RateLimit:PermitLimit"] = "2",
        ["FeedHub:Admin:RateLimit:Window"] = "00:01:00",
    });

    private static async Task<string> SelfLinkAsync(WorkerHost host, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "feed.atom");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        using HttpResponseMessage response = await host.Http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        XDocument atom = XDocument.Load(await response.Content.ReadAsStreamAsync(Ct));
        return (string)atom.Root!.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!;
    }

    private static async Task<HttpStatusCode> AdminStatusAsync(WorkerHost host, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/sources");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using HttpResponseMessage response = await host.Http.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
