using System.Net;
using System.Text.Json;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace FeedHub.IntegrationTests.Operations;

/// <summary><c>/health/live</c> and <c>/health/ready</c> of the real worker while its database
/// and scheduler really go away and come back.</summary>
public sealed class HealthEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readiness_is_unhealthy_while_the_database_cannot_be_opened_and_liveness_stays_healthy()
    {
        var directory = new TempDirectory();
        string databaseFolder = directory.File("data");
        string moved = directory.File("data-moved");
        await using WorkerHost host = await WorkerHost.StartAsync(
            new Dictionary<string, string> { ["FeedHub:Storage:ConnectionString"] = $"Data Source={Path.Combine(databaseFolder, "feedhub.db")}" },
            directory);

        // Ready once Quartz runs, which the hosted service starts after the application has started.
        (HttpStatusCode Status, JsonElement Body) ready = default;
        await WorkerHost.EventuallyAsync(async () => (ready = await GetAsync(host, "health/ready")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "the worker is ready");
        Directory.Move(databaseFolder, moved);
        (HttpStatusCode Status, JsonElement Body) unreachable = await GetAsync(host, "health/ready");
        (HttpStatusCode Status, JsonElement Body) live = await GetAsync(host, "health/live");
        bool recreated = Directory.Exists(databaseFolder);
        Directory.Move(moved, databaseFolder);
        (HttpStatusCode Status, JsonElement Body) back = await GetAsync(host, "health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.Body.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.Body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.Body.GetProperty("checks").GetProperty("scheduler").GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unreachable.Status);
        Assert.Equal("Unhealthy", unreachable.Body.GetProperty("status").GetString());
        JsonElement database = unreachable.Body.GetProperty("checks").GetProperty("database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.StartsWith("The database cannot be reached", database.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", unreachable.Body.GetProperty("checks").GetProperty("scheduler").GetProperty("status").GetString());
        Assert.False(recreated, "the probe must not create a new, empty database");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal("Healthy", live.Body.GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, back.Status);
    }

    [Fact]
    public async Task Readiness_is_unhealthy_while_the_scheduler_is_in_standby()
    {
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>());
        IScheduler scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);

        // The hosted service starts Quartz once the application has started, a moment after StartAsync.
        await WorkerHost.EventuallyAsync(() => Task.FromResult(scheduler.Status == SchedulerStatus.Running), TimeSpan.FromSeconds(10), "Quartz runs");

        await scheduler.Standby(Ct);
        (HttpStatusCode Status, JsonElement Body) standby = await GetAsync(host, "health/ready");
        await scheduler.Start(Ct);
        (HttpStatusCode Status, JsonElement Body) running = await GetAsync(host, "health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, standby.Status);
        JsonElement check = standby.Body.GetProperty("checks").GetProperty("scheduler");
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.Equal("The scheduler is not running: Standby.", check.GetProperty("description").GetString());
        Assert.Equal("Healthy", standby.Body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, running.Status);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(WorkerHost host, string path)
    {
        using HttpResponseMessage response = await host.Http.GetAsync(path, Ct);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (response.StatusCode, json.RootElement.Clone());
    }
}
