using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedHub.LoadFarm.Farm;

/// <summary><c>serve</c>: the farm as its own process. Feeds at <c>/feeds/{i}.xml|.atom</c> with
/// ETag and Last-Modified (304 for an unchanged feed); <c>POST /_farm/round</c> changes a share of
/// them, <c>GET /_farm/stats</c> counts the requests answered, <c>GET /_farm/truth</c> says which
/// entries are copies of one release (<see cref="FarmTruth"/>).</summary>
internal static class FarmServer
{
    public static async Task<int> RunAsync(FarmArguments args)
    {
        var farm = new FeedFarm(args.Feeds, args.Entries, args.Seed, TimeProvider.System);
        var layout = new FarmLayout(args.Feeds, args.Hosts, args.Port);
        var stats = new FarmStats();

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            for (int host = 0; host < args.Hosts; host++)
            {
                kestrel.Listen(layout.Address(host), args.Port);
            }
        });
        WebApplication app = builder.Build();

        app.MapGet("/feeds/{name}", (string name, HttpContext context) => ServeFeed(farm, stats, name, context, args.Seed));
        app.MapPost("/_farm/round", (double? changed, int? min, int? max) =>
            Results.Json(farm.Advance(changed ?? args.Changed, min ?? args.MinNew, max ?? args.MaxNew)));
        app.MapGet("/_farm/stats", () => Results.Json(stats.Read()));
        app.MapGet("/_farm/truth", () => Results.Text(FarmTruth.Tsv(farm, args.Seed), "text/tab-separated-values; charset=utf-8"));

        await app.StartAsync();
        // The driver waits for this line before it starts FeedHub.
        Console.WriteLine(FormattableString.Invariant($"farm ready: {args.Feeds} feeds on {layout.Address(0)}-{layout.Address(args.Hosts - 1)} port {args.Port}"));

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        app.Lifetime.ApplicationStopping.Register(stop.Cancel);
        if (args.RoundEvery > TimeSpan.Zero)
        {
            _ = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(args.RoundEvery);
                while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    farm.Advance(args.Changed, args.MinNew, args.MaxNew);
                }
            });
        }

        await app.WaitForShutdownAsync();
        return 0;
    }

    private static IResult ServeFeed(FeedFarm farm, FarmStats stats, string name, HttpContext context, int seed)
    {
        string number = Path.GetFileNameWithoutExtension(name);
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= farm.Feeds.Count
            || !string.Equals(name, farm.Feeds[index].Path[7..], StringComparison.Ordinal))
        {
            stats.NotFound();
            return Results.NotFound();
        }

        FarmFeed feed = farm.Feeds[index];
        (_, int version, DateTimeOffset lastModified) = feed.Snapshot();
        string etag = $"\"{index}-{version}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.LastModified = lastModified.ToString("r", CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "max-age=300";
        string? ifNoneMatch = context.Request.Headers.IfNoneMatch;
        bool unchanged = ifNoneMatch is not null
            ? string.Equals(ifNoneMatch, etag, StringComparison.Ordinal)
            : DateTimeOffset.TryParse(context.Request.Headers.IfModifiedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset since) && since >= lastModified;
        if (unchanged)
        {
            stats.NotModified();
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        stats.Ok();
        string type = feed.IsAtom ? "application/atom+xml; charset=UTF-8" : "application/rss+xml; charset=UTF-8";
        return Results.Bytes(FeedContent.Render(feed, farm.Feeds.Count, seed), type);
    }
}
