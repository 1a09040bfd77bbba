using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>A real Kestrel server on a loopback port that serves whatever a test programs,
/// and records every request it receives (so a test can prove no connection was made).</summary>
public sealed class FixtureServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FixtureServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUri { get; private set; } = null!;

    public IReadOnlyCollection<RecordedRequest> Requests => _requests.ToArray();

    public static Task<FixtureServer> StartAsync(string host = "127.0.0.1") =>
        StartAsync(builder => builder.WebHost.UseUrls($"http://{(host.Contains(':') ? $"[{host}]" : host)}:0"));

    /// <summary>The same server over https on 127.0.0.1, presenting <paramref name="certificate"/>.</summary>
    public static Task<FixtureServer> StartHttpsAsync(X509Certificate2 certificate) =>
        StartAsync(builder =>
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        });

    private static async Task<FixtureServer> StartAsync(Action<WebApplicationBuilder> listen)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        listen(builder);
        var app = builder.Build();
        var server = new FixtureServer(app);
        app.Run(server.DispatchAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>The absolute URL of <paramref name="path"/> on this server.</summary>
    public Uri Url(string path) => new(BaseUri, path.TrimStart('/'));

    /// <summary>Serves <paramref name="handler"/> at <paramref name="path"/> (exact match, query ignored).</summary>
    public void Map(string path, RequestDelegate handler) => _routes["/" + path.TrimStart('/')] = handler;

    /// <summary>Serves a fixed body with a content type.</summary>
    public void MapContent(string path, string body, string contentType = "application/rss+xml; charset=utf-8") =>
        Map(path, context =>
        {
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(body);
        });

    /// <summary>Answers <paramref name="path"/> with a redirect to <paramref name="location"/>.</summary>
    public void MapRedirect(string path, string location, int status = StatusCodes.Status301MovedPermanently) =>
        Map(path, context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        });

    /// <summary>A WebSub hub at <paramref name="path"/>: answers the first <paramref name="refuse"/>
    /// calls with a 503 (a publisher must retry) and every later one with a 204, recording its
    /// <c>hub.mode</c> and <c>hub.url</c>.</summary>
    public HubPings MapHub(string path, int refuse = 0)
    {
        var pings = new HubPings();
        Map(path, async context =>
        {
            IFormCollection form = await context.Request.ReadFormAsync();
            if (pings.Refuses(refuse))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            pings.Accept(form["hub.mode"].ToString(), form["hub.url"].ToString());
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        return pings;
    }

    /// <summary>Serves a fixed body with a strong ETag and honours If-None-Match with a 304.</summary>
    public void MapConditional(string path, Func<string> body, Func<string> etag, string contentType = "application/rss+xml; charset=utf-8") =>
        Map(path, context =>
        {
            string currentEtag = etag();
            if (context.Request.Headers.IfNoneMatch.ToString() == currentEtag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            context.Response.Headers.ETag = currentEtag;
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(body());
        });

    public int CountRequests(string path) => _requests.Count(r => r.Path == "/" + path.TrimStart('/'));

    private Task DispatchAsync(HttpContext context)
    {
        _requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        if (_routes.TryGetValue(context.Request.Path.Value ?? "/", out RequestDelegate? handler))
        {
            return handler(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers);
