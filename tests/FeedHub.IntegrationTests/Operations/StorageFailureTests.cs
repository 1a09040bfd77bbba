using System.Globalization;
using Dapper;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>Polls whose storage step throws, many in parallel through the real host and its SQLite
/// writer: the failure is the source's error where the database still takes a write, and counted
/// either way (<c>feedhub_polls_thrown_total</c>), never only a log line of the job.</summary>
[Collection(ProcessWideMetrics.Name)]
public sealed class StorageFailureTests
{
    private const string Refused = "GAGAL-SIMPAN";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_the_database_refuses_is_recorded_on_its_source_and_its_batch_mates_are_stored()
    {
        const int feeds = 24;
        await using FixtureServer server = await FixtureServer.StartAsync();
        for (int i = 0; i < feeds; i++)
        {
            // Every third feed carries an entry the database refuses to store.
            string title = i % 3 == 0 ? Refused : "Portal";
            var entries = new[] { FeedXml.Numbered(2 * i, host: $"portal{i}.example"), FeedXml.Numbered(2 * i + 1, host: $"portal{i}.example") with { Title = $"{title} {i}" } };
            server.MapContent(FeedPath(i), FeedXml.Rss($"Portal {i}", entries));
        }

        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Scheduling:DefaultInterval"] = "01:00:00",
        });
        // A write that fails inside the database, as a full disk or a corrupt page would fail it.
        await using (var connection = new SqliteConnection($"Data Source={host.DatabasePath}"))
        {
            await connection.ExecuteAsync(
                $"""
                CREATE TRIGGER test_refuse_items BEFORE INSERT ON items WHEN NEW.title LIKE '{Refused}%'
                BEGIN SELECT RAISE(ABORT, 'simulated storage failure'); END
                """);
        }

        var sources = host.Services.GetRequiredService<ISourceStore>();
        for (int i = 0; i < feeds; i++)
        {
            _ = await sources.UpsertAsync(new SourceDefinition { Url = server.Url(FeedPath(i)).AbsoluteUri }, Ct);
        }

        PrometheusText metrics = PrometheusText.Parse(string.Empty);
        await WorkerHost.EventuallyAsync(async () =>
        {
            metrics = PrometheusText.Parse(await host.Http.GetStringAsync("metrics", Ct));
            return metrics.Value("feedhub_polls_total") == feeds;
        }, Patience, $"{feeds} polls ended");
        // A scrape reads the gauges from the database before it collects the counters: a poll that
        // ended in between is counted but not yet in the gauges. A scrape begun after every poll
        // ended (each is counted after its commit) sees them all.
        metrics = PrometheusText.Parse(await host.Http.GetStringAsync("metrics", Ct));
        Assert.Equal(feeds, metrics.Value("feedhub_polls_total"));

        IReadOnlyList<SourceStatus> statuses = await host.Services.GetRequiredService<ISourceStatusReader>().ListStatusAsync(Ct);
        SourceStatus[] refused = [.. statuses.Where(s => Index(s) % 3 == 0)];
        SourceStatus[] stored = [.. statuses.Where(s => Index(s) % 3 != 0)];
        Assert.Equal(feeds / 3, refused.Length);
        Assert.All(refused, s =>
        {
            Assert.NotNull(s.LastCheckedAt);
            Assert.Equal(1, s.ConsecutiveFailures);
            Assert.Contains("simulated storage failure", s.LastError, StringComparison.Ordinal);
            Assert.Equal(0, s.ItemCount);
            // Tried again within a minute, as the job's own retry was, not backed off by the hour's interval.
            Assert.InRange(s.NextDueAt!.Value, s.LastCheckedAt!.Value, s.LastCheckedAt.Value.AddMinutes(1));
        });
        Assert.All(stored, s => Assert.Equal((0, 2L, (string?)null), (s.ConsecutiveFailures, s.ItemCount, s.LastError)));
        Assert.Equal(feeds / 3, metrics.Value("feedhub_polls_total", ("outcome", "failed")));
        Assert.Equal(feeds / 3, metrics.Value("feedhub_polls_thrown_total", ("reason", "storage"), ("recorded", "true")));
        Assert.Equal(0, metrics.Value("feedhub_polls_thrown_total", ("recorded", "false")));
        Assert.Equal(2 * (feeds - feeds / 3), metrics.Value("feedhub_items"));
    }

    [Fact]
    public async Task Polls_that_meet_a_database_locked_past_the_command_timeout_are_counted_unrecorded()
    {
        const int feeds = 10;
        await using FixtureServer server = await FixtureServer.StartAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (int i = 0; i < feeds; i++)
        {
            string body = FeedXml.Rss($"Portal {i}", [FeedXml.Numbered(i, host: $"portal{i}.example")]);
            server.Map(FeedPath(i), async context =>
            {
                await gate.Task.WaitAsync(context.RequestAborted);
                context.Response.ContentType = "application/rss+xml; charset=utf-8";
                await context.Response.WriteAsync(body, context.RequestAborted);
            });
        }

        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["FeedHub:Scheduling:DefaultInterval"] = "01:00:00",
            ["FeedHub:Storage:CommandTimeout"] = "00:00:01",
        });
        var sources = host.Services.GetRequiredService<ISourceStore>();
        for (int i = 0; i < feeds; i++)
        {
            _ = await sources.UpsertAsync(new SourceDefinition { Url = server.Url(FeedPath(i)).AbsoluteUri }, Ct);
        }

        // Another process holds the write lock (a long purge, say) while the polls' writes arrive.
        PrometheusText metrics = PrometheusText.Parse(string.Empty);
        await using (var holder = new SqliteConnection($"Data Source={host.DatabasePath};Pooling=False"))
        {
            await holder.OpenAsync(Ct);
            await using SqliteTransaction locked = holder.BeginTransaction(deferred: false);
            gate.SetResult();
            await WorkerHost.EventuallyAsync(async () =>
            {
                metrics = PrometheusText.Parse(await host.Http.GetStringAsync("metrics", Ct));
                return metrics.Value("feedhub_polls_total", ("outcome", "failed")) == feeds;
            }, Patience, $"{feeds} polls failed");
        }

        // Nothing could be written, so nothing is on the rows: the counter is the trace.
        Assert.Equal(feeds, metrics.Value("feedhub_polls_thrown_total", ("reason", "storage"), ("recorded", "false")));
        Assert.Equal(0, metrics.Value("feedhub_polls_thrown_total", ("recorded", "true")));
    }

    private static string FeedPath(int i) => string.Create(CultureInfo.InvariantCulture, $"feed-{i}.xml");

    private static int Index(SourceStatus status) =>
        int.Parse(status.Url[(status.Url.LastIndexOf('-') + 1)..^".xml".Length], CultureInfo.InvariantCulture);
}
