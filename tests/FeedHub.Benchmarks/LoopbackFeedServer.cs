using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedHub.Benchmarks;

/// <summary>Kestrel on loopback serving <c>/feeds/N.xml</c>: one small RSS channel per feed with an
/// ETag, 304 to a matching <c>If-None-Match</c> (what most polls of a real feed get), and the time of
/// every request per feed, which is what double polls and poll gaps are counted from.</summary>
internal sealed class LoopbackFeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<long>[] _requests;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private LoopbackFeedServer(WebApplication app, int feeds)
    {
        _app = app;
        _requests = [.. Enumerable.Range(0, feeds).Select(_ => new List<long>())];
    }

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public int Count => _requests.Length;

    /// <summary>Time since the server started.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public static async Task<LoopbackFeedServer> StartAsync(int feeds)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        var server = new LoopbackFeedServer(app, feeds);
        app.MapGet("/feeds/{file}", server.Serve);
        await app.StartAsync();
        server.BaseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return server;
    }

    public Uri Url(int feed) => new(BaseUri, string.Create(CultureInfo.InvariantCulture, $"feeds/{feed}.xml"));

    /// <summary>Forgets every request recorded so far (between runs).</summary>
    public void Reset()
    {
        foreach (List<long> requests in _requests)
        {
            lock (requests)
            {
                requests.Clear();
            }
        }
    }

    /// <summary>The request times of each feed, in order.</summary>
    public TimeSpan[][] Requests() => [.. _requests.Select(requests =>
    {
        lock (requests)
        {
            return requests.Order().Select(TimeSpan.FromTicks).ToArray();
        }
    })];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IResult Serve(string file, HttpContext context)
    {
        if (!file.EndsWith(".xml", StringComparison.Ordinal)
            || !int.TryParse(file.AsSpan(0, file.Length - 4), NumberStyles.None, CultureInfo.InvariantCulture, out int feed)
            || feed >= _requests.Length)
        {
            return Results.NotFound();
        }

        List<long> requests = _requests[feed];
        lock (requests)
        {
            requests.Add(_clock.Elapsed.Ticks);
        }

        string etag = string.Create(CultureInfo.InvariantCulture, $"\"feed-{feed}-v1\"");
        context.Response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Text(Document(feed), "application/rss+xml; charset=utf-8", Encoding.UTF8);
    }

    // No items: every poll after the first is a 304 and no poll takes the story-assignment lock, so
    // the run measures scheduling and polling, not the storing of new stories (stories-cost does).
    private static string Document(int feed) => string.Create(
        CultureInfo.InvariantCulture,
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Media Center {feed}</title><link>https://mc{feed}.example/</link><description>Berita</description></channel></rss>
        """);
}
