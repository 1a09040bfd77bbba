namespace FeedHub.IntegrationTests.Fixtures;

public sealed class FixtureServerTests
{
    [Fact]
    public async Task Serves_programmed_content_and_records_requests()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed.xml", "<rss/>");
        using var client = new HttpClient();

        string body = await client.GetStringAsync(server.Url("feed.xml"), TestContext.Current.CancellationToken);

        Assert.Equal("<rss/>", body);
        Assert.Equal(1, server.CountRequests("feed.xml"));
    }
}
