using System.Net;
using System.Reflection;
using System.Net.Sockets;
using System.Text;
using FeedHub.Ingestion.Fetching;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace FeedHub.IntegrationTests.Fetching;

public sealed class FeedFetcherResponseTests
{
    private const string Rss = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>MC Kalsel</title></channel></rss>""";

    [Fact]
    public async Task A_200_returns_the_body_and_its_validators()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed", context =>
        {
            context.Response.Headers.ETag = "\"v1\"";
            context.Response.Headers.LastModified = "Tue, 07 May 2024 03:00:00 GMT";
            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            return context.Response.WriteAsync(Rss);
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal(Rss, Encoding.UTF8.GetString(result.Body.Span));
        Assert.Equal("\"v1\"", result.ETag);
        Assert.Equal("Tue, 07 May 2024 03:00:00 GMT", result.LastModified);
        Assert.Equal("application/rss+xml; charset=utf-8", result.ContentType);
        Assert.Equal(server.Url("feed"), result.FinalUrl);
        Assert.Null(result.PermanentRedirectUrl);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task Sends_a_descriptive_user_agent_a_feed_accept_header_and_every_encoding()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed", Rss);
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.UserAgent = "FeedHub/9.9 (+https://example.org/bot)");

        await harness.FetchAsync(server.Url("feed"));

        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("FeedHub/9.9 (+https://example.org/bot)", request.Headers["User-Agent"]);
        Assert.Equal(
            "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8",
            request.Headers["Accept"]);
        string[] encodings = request.Headers["Accept-Encoding"].Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("gzip", encodings);
        Assert.Contains("deflate", encodings);
        Assert.Contains("br", encodings);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.False(request.Headers.ContainsKey("Cookie"));
    }

    [Fact]
    public async Task The_default_user_agent_names_the_product_and_its_version_and_no_placeholder_contact()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed", Rss);
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        await harness.FetchAsync(server.Url("feed"));

        Assert.Equal($"FeedHub/{ProductVersion}", Assert.Single(server.Requests).Headers["User-Agent"]);
    }

    [Theory]
    [InlineData("https://ops.example/contact", "+https://ops.example/contact")]
    [InlineData("redaksi@diskominfo.example", "+mailto:redaksi@diskominfo.example")]
    public async Task The_default_user_agent_carries_the_contact_the_operator_sets(string contact, string expected)
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed", Rss);
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(o => o.Contact = contact);

        await harness.FetchAsync(server.Url("feed"));

        Assert.Equal($"FeedHub/{ProductVersion} ({expected})", Assert.Single(server.Requests).Headers["User-Agent"]);
    }

    private static string ProductVersion =>
        typeof(FeedFetcher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    [Fact]
    public async Task A_conditional_get_sends_the_stored_validators_verbatim_and_reports_not_modified()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        // An odd but real Last-Modified: it must come back exactly as stored, not reformatted.
        const string LastModified = "Selasa, 07 Mei 2024 10:00:00 WIB";
        server.Map("feed", context =>
        {
            if (context.Request.Headers.IfNoneMatch == "W/\"abc\"" && context.Request.Headers.IfModifiedSince == LastModified)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            context.Response.Headers.ETag = "W/\"abc\"";
            context.Response.Headers.LastModified = LastModified;
            return context.Response.WriteAsync(Rss);
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult first = await harness.FetchAsync(server.Url("feed"));
        FetchResult second = await harness.FetchAsync(server.Url("feed"), first.ETag, first.LastModified);

        Assert.Equal(FetchStatus.Ok, first.Status);
        Assert.Equal(LastModified, first.LastModified);
        Assert.Equal(FetchStatus.NotModified, second.Status);
        Assert.Equal(304, second.HttpStatus);
        Assert.True(second.Body.IsEmpty);
        Assert.Equal("W/\"abc\"", second.ETag);
        Assert.Equal(LastModified, second.LastModified);
        Assert.Null(second.Error);
        RecordedRequest[] requests = server.Requests.ToArray();
        Assert.False(requests[0].Headers.ContainsKey("If-None-Match"));
        Assert.Equal("W/\"abc\"", requests[1].Headers["If-None-Match"]);
        Assert.Equal(LastModified, requests[1].Headers["If-Modified-Since"]);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task Compressed_responses_are_decoded(string coding)
    {
        byte[] document = Encoding.UTF8.GetBytes(Rss + new string(' ', 10_000));
        byte[] compressed = Compression.Encode(coding, document);
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed", context =>
        {
            context.Response.Headers.ContentEncoding = coding;
            context.Response.ContentType = "application/rss+xml";
            context.Response.ContentLength = compressed.Length;
            return context.Response.Body.WriteAsync(compressed).AsTask();
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.True(compressed.Length < document.Length / 10);
        Assert.Equal(document, result.Body.ToArray());
    }

    [Fact]
    public async Task A_corrupt_compressed_body_is_a_failure_not_an_exception()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed", context =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            return context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("this is not gzip at all, not even close")).AsTask();
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.StartsWith("the response body could not be decompressed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_200_is_ok_with_an_empty_body()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed", _ => Task.CompletedTask);
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Ok, result.Status);
        Assert.True(result.Body.IsEmpty);
    }

    [Fact]
    public async Task A_429_with_retry_after_seconds_asks_to_wait()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed", context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "3600";
            return Task.CompletedTask;
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(429, result.HttpStatus);
        Assert.Equal(TimeSpan.FromHours(1), result.RetryAfter);
        Assert.Equal("HTTP 429 Too Many Requests", result.Error);
    }

    [Fact]
    public async Task A_503_with_retry_after_date_is_measured_from_the_clock()
    {
        var now = new DateTimeOffset(2024, 5, 7, 3, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed", context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = now.AddHours(2).ToString("R");
            return Task.CompletedTask;
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(timeProvider: clock);

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(503, result.HttpStatus);
        Assert.Equal(TimeSpan.FromHours(2), result.RetryAfter);
        Assert.Equal("HTTP 503 Service Unavailable", result.Error);
    }

    [Fact]
    public async Task A_retry_after_date_in_the_past_means_no_wait()
    {
        var now = new DateTimeOffset(2024, 5, 7, 3, 0, 0, TimeSpan.Zero);
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed", context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = now.AddMinutes(-5).ToString("R");
            return Task.CompletedTask;
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback(timeProvider: new FakeTimeProvider(now));

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(TimeSpan.Zero, result.RetryAfter);
    }

    [Theory]
    [InlineData(404, "HTTP 404 Not Found")]
    [InlineData(410, "HTTP 410 Gone")]
    [InlineData(500, "HTTP 500 Internal Server Error")]
    [InlineData(502, "HTTP 502 Bad Gateway")]
    [InlineData(403, "HTTP 403 Forbidden")]
    public async Task Other_statuses_fail_with_the_status_line(int status, string error)
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.Map("feed", context =>
        {
            context.Response.StatusCode = status;
            // Only 429 and 503 carry a wait; a stray Retry-After elsewhere is ignored.
            context.Response.Headers.RetryAfter = "60";
            return context.Response.WriteAsync("<html>error page</html>");
        });
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync(server.Url("feed"));

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(status, result.HttpStatus);
        Assert.Equal(error, result.Error);
        Assert.Null(result.RetryAfter);
        Assert.True(result.Body.IsEmpty);
    }

    [Fact]
    public async Task A_closed_port_is_a_failure_not_an_exception()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync($"http://127.0.0.1:{port}/feed");

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Null(result.HttpStatus);
        Assert.StartsWith($"could not connect to 127.0.0.1:{port}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Error!);
    }

    [Fact]
    public async Task A_tls_failure_is_a_failure_not_an_exception()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        server.MapContent("feed", Rss);
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        // Speaking TLS to a plain-HTTP port fails the handshake.
        FetchResult result = await harness.FetchAsync($"https://127.0.0.1:{server.BaseUri.Port}/feed");

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.StartsWith($"TLS with 127.0.0.1:{server.BaseUri.Port} failed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_speak_http_is_a_failure_not_an_exception()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Task serve = Task.Run(async () =>
        {
            using TcpClient client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
            NetworkStream stream = client.GetStream();
            int read = await stream.ReadAsync(new byte[4096], TestContext.Current.CancellationToken);
            Assert.True(read > 0);
            await stream.WriteAsync("SSH-2.0-OpenSSH_9.6\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);
        using FetcherHarness harness = FetcherHarness.AllowingLoopback();

        FetchResult result = await harness.FetchAsync($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/feed");
        await serve;

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.StartsWith("invalid HTTP response", result.Error, StringComparison.Ordinal);
    }
}
