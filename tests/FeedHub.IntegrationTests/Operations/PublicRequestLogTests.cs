using System.Net;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>What the worker's console shows for public requests: only the admin API authenticates.</summary>
public sealed class PublicRequestLogTests
{
    [Fact]
    public async Task Feed_and_health_requests_log_no_authentication_when_no_admin_key_is_configured()
    {
        using ListeningWorker worker = await ListeningWorker.StartAsync();

        using HttpResponseMessage feed = await worker.Http.GetAsync("feed.xml", TestContext.Current.CancellationToken);
        using HttpResponseMessage live = await worker.Http.GetAsync("health/live", TestContext.Current.CancellationToken);
        using HttpResponseMessage admin = await worker.Http.GetAsync("api/sources", TestContext.Current.CancellationToken);
        string output = await worker.StopAsync();

        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
        Assert.Contains("Application started", output, StringComparison.Ordinal);

        // The one admin request may say why it was refused; two public ones must add nothing.
        int authenticationLines = output.Split('\n').Count(line => line.Contains("was not authenticated", StringComparison.Ordinal));
        Assert.True(authenticationLines <= 1, $"{authenticationLines} authentication lines for 2 public requests and 1 admin request:\n{output}");
    }
}
