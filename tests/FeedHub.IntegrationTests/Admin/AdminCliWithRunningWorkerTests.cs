using FeedHub.Administration;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Worker.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace FeedHub.IntegrationTests.Admin;

/// <summary>The command line changes the database a running worker uses; the worker follows
/// within its sync interval, without a restart.</summary>
public sealed class AdminCliWithRunningWorkerTests
{
    [Fact]
    public async Task Sources_added_paused_resumed_and_removed_from_the_command_line_are_rescheduled_by_the_running_worker()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("portal.xml", FeedXml.Rss("Portal", Enumerable.Range(1, 2).Select(n => FeedXml.Numbered(n))));
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>());
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory, host.DatabasePath);
        SourceAdministration admin = host.Services.GetRequiredService<SourceAdministration>();
        IScheduler scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
        var job = new JobKey("1", "sources");
        TimeSpan soon = TimeSpan.FromSeconds(10);

        using WorkerProcess added = await cli.RunAsync("sources", "add", feeds.Url("portal.xml").AbsoluteUri);
        Assert.Equal(0, added.ExitCode);
        await WorkerHost.EventuallyAsync(async () => (await admin.GetAsync(1, TestContext.Current.CancellationToken))?.Items == 2, soon, "the worker polls the source the command line added");

        using WorkerProcess paused = await cli.RunAsync("sources", "pause", "1");
        Assert.Equal(0, paused.ExitCode);
        await WorkerHost.EventuallyAsync(async () => !await scheduler.Exists(job), soon, "the paused source is unscheduled");

        using WorkerProcess resumed = await cli.RunAsync("sources", "resume", "1");
        Assert.Equal(0, resumed.ExitCode);
        await WorkerHost.EventuallyAsync(() => scheduler.Exists(job).AsTask(), soon, "the resumed source is scheduled again");

        using WorkerProcess removed = await cli.RunAsync("sources", "remove", "1");
        Assert.Equal(0, removed.ExitCode);
        await WorkerHost.EventuallyAsync(async () => !await scheduler.Exists(job), soon, "the removed source is unscheduled");
        Assert.Contains("<title>Story 1</title>", await host.Http.GetStringAsync("feed.xml", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
