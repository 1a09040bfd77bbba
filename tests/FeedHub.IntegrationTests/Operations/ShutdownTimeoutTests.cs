using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>How long SIGTERM waits for in-flight polls comes from configuration. (That polls are
/// cancelled and commit nothing is shown by WorkerProcessTests.Sigterm_mid_fetch_*.)</summary>
public sealed class ShutdownTimeoutTests
{
    [Fact]
    public async Task The_host_waits_as_long_as_FeedHub_Operations_ShutdownTimeout_says()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("appsettings.json"), "{}", TestContext.Current.CancellationToken);

        await using WebApplication configured = FeedHubApp.Build(Args(directory, "00:00:07"));
        await using WebApplication defaulted = FeedHubApp.Build(Args(directory));

        Assert.Equal(TimeSpan.FromSeconds(7), configured.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), defaulted.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task A_shutdown_timeout_out_of_range_stops_the_worker_before_it_starts()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("appsettings.json"), "{}", TestContext.Current.CancellationToken);

        var error = Assert.Throws<OptionsValidationException>(() => FeedHubApp.Build(Args(directory, "00:00:00")));

        Assert.Contains("ShutdownTimeout", error.Message, StringComparison.Ordinal);
    }

    private static string[] Args(TempDirectory directory, string? shutdownTimeout = null)
    {
        var args = new List<string>
        {
            "--contentRoot", directory.Path,
            "--urls", "http://127.0.0.1:0",
            "--FeedHub:Storage:ConnectionString", $"Data Source={directory.File("feedhub.db")}",
        };
        if (shutdownTimeout is not null)
        {
            args.AddRange(["--FeedHub:Operations:ShutdownTimeout", shutdownTimeout]);
        }

        return [.. args];
    }
}
