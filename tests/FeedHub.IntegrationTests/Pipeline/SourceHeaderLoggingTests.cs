using System.Collections.Concurrent;
using FeedHub.Administration;
using FeedHub.Ingestion.Refreshing;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedHub.IntegrationTests.Pipeline;

/// <summary>A source's header values appear in no log line at any level, the HTTP client's own
/// request logging included, whether the poll succeeds, fails or is redirected.</summary>
public sealed class SourceHeaderLoggingTests
{
    private const string Token = "rahasia-log-4242";

    [Fact]
    public async Task No_log_line_at_trace_level_holds_a_header_value()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("ok.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(1)]));
        feeds.MapRedirect("moved.xml", "/missing.xml", StatusCodes.Status302Found);
        var messages = new ConcurrentQueue<string>();
        await using PipelineHarness harness = await PipelineHarness.StartAsync(configure: builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(new CapturingLoggerProvider(messages));
        });
        SourceAdministration admin = harness.Services.GetRequiredService<SourceAdministration>();
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + Token, ["Cookie"] = "sesi=" + Token };
        long ok = (await admin.AddAsync(new SourceInput { Url = feeds.Url("ok.xml").AbsoluteUri, Headers = headers }, true, "test", TestContext.Current.CancellationToken)).Source!.Source.Id;
        long moved = (await admin.AddAsync(new SourceInput { Url = feeds.Url("moved.xml").AbsoluteUri, Headers = headers }, false, "test", TestContext.Current.CancellationToken)).Source!.Source.Id;

        Assert.Equal(RefreshStatus.Updated, (await harness.RefreshAsync(ok)).Status);
        Assert.Equal(RefreshStatus.Failed, (await harness.RefreshAsync(moved)).Status);

        Assert.Contains(messages, m => m.Contains("Authorization", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains(Token, StringComparison.Ordinal));
        Assert.Equal(4, feeds.Requests.Count(r => r.Headers.TryGetValue("Authorization", out string? value) && value.Contains(Token, StringComparison.Ordinal)));
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> messages) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider? _scopes;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, messages, this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> messages, CapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var line = new System.Text.StringBuilder($"{category}: {formatter(state, exception)} {exception}");
                provider._scopes?.ForEachScope((scope, text) => text.Append(" | ").Append(scope), line);
                messages.Enqueue(line.ToString());
            }
        }
    }
}
