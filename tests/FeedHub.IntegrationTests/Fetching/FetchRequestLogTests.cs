using System.Collections.Concurrent;
using FeedHub.Ingestion.Fetching;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedHub.IntegrationTests.Fetching;

/// <summary>The feed client's request log (README, "Logging"): the lines operators switch on with
/// <c>Logging:LogLevel:System.Net.Http.HttpClient</c>, and nothing at all, not even a logging scope,
/// while that category is off.</summary>
public sealed class FetchRequestLogTests
{
    private const string Token = "rahasia-fetch-4242";

    [Fact]
    public async Task With_the_category_on_each_request_and_its_answer_are_logged_without_header_values_or_query()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapConditional("feed.xml", () => FeedXml.Rss("Portal", [FeedXml.Numbered(1)]), () => "\"v1\"");
        var log = new CapturingLoggerProvider();
        using ServiceProvider services = Fetcher(log, LogLevel.Trace);

        FetchResult fetched = await services.GetRequiredService<IFeedFetcher>().FetchAsync(
            new FetchRequest(new Uri(server.Url("feed.xml") + "?key=" + Token), "\"v1\"", null)
            {
                Settings = new FeedHub.Core.Sources.SourceFetchSettings { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + Token } },
            },
            TestContext.Current.CancellationToken);

        Assert.Equal(FetchStatus.NotModified, fetched.Status);
        string[] lines = [.. log.Lines.Where(l => l.StartsWith(FetchRequestLog.Category, StringComparison.Ordinal))];
        Assert.Contains(lines, l => l.Contains($"Sending HTTP request GET {server.Url("feed.xml")}?*", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Received HTTP response headers after", StringComparison.Ordinal) && l.EndsWith("- 304", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Authorization: *", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_category_off_a_request_writes_nothing_and_opens_no_scope()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapConditional("feed.xml", () => FeedXml.Rss("Portal", [FeedXml.Numbered(1)]), () => "\"v1\"");
        var log = new CapturingLoggerProvider();
        using ServiceProvider services = Fetcher(log, LogLevel.Warning);

        FetchResult fetched = await services.GetRequiredService<IFeedFetcher>().FetchAsync(
            new FetchRequest(server.Url("feed.xml"), "\"v1\"", null), TestContext.Current.CancellationToken);

        Assert.Equal(FetchStatus.NotModified, fetched.Status);
        Assert.Empty(log.Lines);
        Assert.Equal(0, log.ScopesOpened);
    }

    private static ServiceProvider Fetcher(CapturingLoggerProvider log, LogLevel httpClientLevel)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddProvider(log);
            logging.SetMinimumLevel(LogLevel.Warning);
            logging.AddFilter("System.Net.Http.HttpClient", httpClientLevel);
        });
        services.AddFeedHubFetching();
        services.Configure<FetchOptions>(options => options.AllowPrivateNetworks = true);
        return services.BuildServiceProvider();
    }

    // Not ISupportExternalScope: every BeginScope then reaches this provider's loggers, whatever the level.
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();
        private int _scopes;

        public IReadOnlyCollection<string> Lines => _lines.ToArray();

        public int ScopesOpened => Volatile.Read(ref _scopes);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, CapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                Interlocked.Increment(ref provider._scopes);
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider._lines.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}
