using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace FeedHub.Benchmarks;

/// <summary><c>serve-load [seconds] [threads] [connections]</c>: the real host with 50 stored
/// stories on loopback, and wrk against a cached 200 of /feed.xml, a 304 of it, and a static
/// file of the same bytes served by Kestrel's static files middleware in the same process.</summary>
internal static partial class ServeLoad
{
    public static async Task RunAsync(string[] args)
    {
        int seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        int threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        int connections = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
        string folder = Path.Combine(Path.GetTempPath(), "feedhub-serve-" + Guid.NewGuid().ToString("N"));
        string statics = Path.Combine(folder, "static");
        Directory.CreateDirectory(statics);
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), "{}");
        try
        {
            WebApplication app = FeedHubApp.Build(
            [
                "--contentRoot", folder,
                "--urls", "http://127.0.0.1:0",
                "--FeedHub:Storage:ConnectionString", $"Data Source={Path.Combine(folder, "feedhub.db")}",
            ], builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(statics), RequestPath = "/static" });
            await app.StartAsync();
            await SeedAsync(app.Services, 50);
            Uri baseUri = new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

            using var http = new HttpClient { BaseAddress = baseUri };
            using HttpResponseMessage feed = await http.GetAsync("feed.xml");
            byte[] body = await feed.Content.ReadAsByteArrayAsync();
            await File.WriteAllBytesAsync(Path.Combine(statics, "feed.xml"), body);
            string etag = feed.Headers.ETag!.Tag;
            Console.WriteLine($"/feed.xml: {body.Length:N0} bytes, ETag {etag}; wrk -t{threads} -c{connections} -d{seconds}s per case");

            double ok = await WrkAsync(new Uri(baseUri, "feed.xml"), seconds, threads, connections, null);
            double notModified = await WrkAsync(new Uri(baseUri, "feed.xml"), seconds, threads, connections, $"If-None-Match: {etag}");
            double file = await WrkAsync(new Uri(baseUri, "static/feed.xml"), seconds, threads, connections, null);
            Console.WriteLine();
            Console.WriteLine("| case | requests/s |");
            Console.WriteLine("|---|---:|");
            Console.WriteLine($"| /feed.xml, cached 200 | {ok:N0} |");
            Console.WriteLine($"| /feed.xml, 304 (If-None-Match) | {notModified:N0} |");
            Console.WriteLine($"| same bytes, static file middleware | {file:N0} |");
            Console.WriteLine($"cached 200 / static file = {ok / file:P0}");
            await app.StopAsync();
            await app.DisposeAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task SeedAsync(IServiceProvider services, int stories)
    {
        var sources = services.GetRequiredService<ISourceStore>();
        var items = services.GetRequiredService<IItemStore>();
        FeedSource source = await sources.UpsertAsync(new SourceDefinition { Url = "https://mc.example/feed", Title = "MC Kalsel", IsOrigin = true }, CancellationToken.None);
        List<FeedItem> batch = [.. RenderStories.Create(stories).Select(s => s.Item with { ItemKey = "k" + s.StoryId, ContentHash = "h" + s.StoryId })];
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await items.CommitRefreshAsync(source.Id, batch, new PollOutcome { CheckedAt = now, HttpStatus = 200, NextDueAt = now.AddHours(1) }, CancellationToken.None);
    }

    private static async Task<double> WrkAsync(Uri url, int seconds, int threads, int connections, string? header)
    {
        if (!url.IsLoopback)
        {
            throw new InvalidOperationException("The load run only targets loopback.");
        }

        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true };
        foreach (string argument in new[] { $"-t{threads}", $"-c{connections}", $"-d{seconds}s" })
        {
            start.ArgumentList.Add(argument);
        }

        if (header is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add(header);
        }

        start.ArgumentList.Add(url.AbsoluteUri);
        using Process wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk is not installed (apt-get install -y wrk).");
        string output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        Console.WriteLine($"--- {url.AbsolutePath}{(header is null ? "" : " " + header)}");
        Console.WriteLine(output.TrimEnd());
        Match match = RequestsPerSecond().Match(output);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();
}
