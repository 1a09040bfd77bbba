using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedHub.Benchmarks;

/// <summary>A loopback feed server that answers every conditional GET with 304.</summary>
internal sealed class NotModifiedServer : IAsyncDisposable
{
    public const string ETag = "\"unchanged\"";
    private readonly WebApplication _app;

    private NotModifiedServer(WebApplication app, Uri feedUrl)
    {
        _app = app;
        FeedUrl = feedUrl;
    }

    public Uri FeedUrl { get; }

    public static async Task<NotModifiedServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        app.Run(context =>
        {
            context.Response.StatusCode = context.Request.Headers.IfNoneMatch == ETag ? StatusCodes.Status304NotModified : StatusCodes.Status200OK;
            context.Response.Headers.ETag = ETag;
            return context.Response.StatusCode == StatusCodes.Status200OK
                ? context.Response.WriteAsync("<rss version=\"2.0\"><channel><title>t</title><item><title>x</title><link>https://x.example/1</link></item></channel></rss>")
                : Task.CompletedTask;
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new NotModifiedServer(app, new Uri(address.TrimEnd('/') + "/feed.xml"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
