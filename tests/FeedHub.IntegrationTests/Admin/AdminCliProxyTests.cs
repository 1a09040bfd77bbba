using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Admin;

/// <summary>The real executable with the standard proxy variables in its environment.</summary>
public sealed class AdminCliProxyTests
{
    [Fact]
    public async Task The_executable_fetches_through_the_proxy_the_environment_names_except_for_hosts_in_no_proxy()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("kalsel.xml", FeedXml.Rss("MC Kalsel", [FeedXml.Numbered(1)]));
        await using LoopbackForwardProxy proxy = LoopbackForwardProxy.Start();
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        string url = feeds.Url("kalsel.xml").AbsoluteUri;

        cli.Environment["http_proxy"] = proxy.Uri.AbsoluteUri;
        using WorkerProcess proxied = await cli.RunAsync("sources", "add", url);
        using WorkerProcess polledThroughProxy = await cli.RunAsync("refresh", "--all");
        cli.Environment["NO_PROXY"] = "localhost,127.0.0.1";
        using WorkerProcess polledDirectly = await cli.RunAsync("refresh", "--all");

        Assert.Equal(0, proxied.ExitCode);
        Assert.Equal(0, polledThroughProxy.ExitCode);
        Assert.Equal(0, polledDirectly.ExitCode);
        Assert.Equal([$"GET {url}", $"GET {url}"], proxy.Requests);
        Assert.Equal(3, feeds.CountRequests("kalsel.xml"));
    }

    [Fact]
    public async Task A_proxy_variable_that_is_not_an_http_proxy_url_stops_the_start_with_one_line_naming_it()
    {
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        cli.Environment["HTTPS_PROXY"] = "socks5://proxy.example:1080";

        using WorkerProcess list = await cli.RunAsync("sources", "list");

        AdminCliTests.AssertFailsWithOneLine(list, "HTTPS_PROXY: only http:// proxies are supported");
    }
}
