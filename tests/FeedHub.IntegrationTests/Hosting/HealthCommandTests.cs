using FeedHub.IntegrationTests.Fixtures;
using FeedHub.IntegrationTests.Operations;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary><c>FeedHub.Worker health</c> is the container's HEALTHCHECK: the ASP.NET image has no
/// curl or wget, so the worker probes itself. It finds the worker where <c>ASPNETCORE_URLS</c> (or
/// <c>--urls</c>) says it listens, wildcard hosts meaning this machine.</summary>
public sealed class HealthCommandTests
{
    [Fact]
    public async Task Health_exits_0_when_the_worker_answers_on_the_address_it_listens_on()
    {
        using ListeningWorker worker = await ListeningWorker.StartAsync();
        using var directory = new TempDirectory();

        // As in the image: the worker listens on every address, the probe runs beside it.
        using WorkerProcess live = await WorkerProcess.RunAsync(directory.Path, Urls($"http://+:{worker.BaseUri.Port}"), "health");
        using WorkerProcess ready = await WorkerProcess.RunAsync(directory.Path, Urls($"http://+:{worker.BaseUri.Port}"), "health", "--ready");

        Assert.True(live.ExitCode == 0, live.StandardError);
        Assert.Contains($"http://127.0.0.1:{worker.BaseUri.Port}/health/live", live.StandardOutput, StringComparison.Ordinal);
        Assert.True(ready.ExitCode == 0, ready.StandardError);
        Assert.Contains("/health/ready", ready.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_asks_the_worker_directly_when_the_environment_names_a_proxy_for_the_feeds()
    {
        using ListeningWorker worker = await ListeningWorker.StartAsync();
        using var directory = new TempDirectory();
        // A proxy for outbound fetches that answers nothing (a closed port): the probe must not use it.
        string proxy = $"http://127.0.0.1:{FreePorts.Loopback()}";
        Dictionary<string, string> environment = Urls($"http://+:{worker.BaseUri.Port}");
        environment["http_proxy"] = proxy;
        environment["HTTP_PROXY"] = proxy;
        environment["all_proxy"] = proxy;

        using WorkerProcess live = await WorkerProcess.RunAsync(directory.Path, environment, "health");

        Assert.True(live.ExitCode == 0, live.StandardError);
    }

    [Fact]
    public async Task Health_takes_an_explicit_url()
    {
        using ListeningWorker worker = await ListeningWorker.StartAsync();
        using var directory = new TempDirectory();

        using WorkerProcess probe = await WorkerProcess.RunAsync(
            directory.Path, new Dictionary<string, string>(), "health", "--url", new Uri(worker.BaseUri, "health/live").ToString());

        Assert.True(probe.ExitCode == 0, probe.StandardError);
    }

    [Fact]
    public async Task Health_exits_1_with_one_line_when_nothing_answers()
    {
        using var directory = new TempDirectory();
        int port = FreePorts.Loopback();

        using WorkerProcess probe = await WorkerProcess.RunAsync(directory.Path, Urls($"http://0.0.0.0:{port}"), "health", "--timeout", "00:00:03");

        Assert.Equal(1, probe.ExitCode);
        string line = Assert.Single(probe.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"unhealthy: http://127.0.0.1:{port}/health/live", line, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Urls(string urls) => new() { ["ASPNETCORE_URLS"] = urls };

}
