using System.Diagnostics;
using System.Globalization;
using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Normalizing;
using FeedHub.Ingestion.Parsing;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Benchmarks;

/// <summary>`pipeline-profile [runs] [items]`: the full pipeline of <see cref="PipelineBenchmarks"/>
/// in a plain loop with the time of each stage, for a profiler to attach to (dotnet-trace) and to
/// see where a new entry's cost goes without BenchmarkDotNet's harness in the sample.</summary>
internal static class PipelineProfile
{
    private static readonly Uri FeedUrl = new("https://mc.example/feed");

    public static async Task RunAsync(string[] args)
    {
        int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        int items = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        using BenchmarkHost host = BenchmarkHost.Start();
        IFeedParser parser = host.Services.GetRequiredService<IFeedParser>();
        IItemNormalizer normalizer = host.Services.GetRequiredService<IItemNormalizer>();
        IItemStore store = host.Services.GetRequiredService<IItemStore>();
        ISourceStore sources = host.Services.GetRequiredService<ISourceStore>();
        var parse = new List<double>();
        var normalize = new List<double>();
        var commit = new List<double>();
        var bare = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            byte[] feed = BenchmarkFeeds.WordPressRss(items, $"portal{run}.example");
            FeedSource source = await sources.UpsertAsync(new SourceDefinition { Url = $"https://portal{run}.example/feed" }, CancellationToken.None);
            long start = Stopwatch.GetTimestamp();
            _ = CodeHollow.FeedReader.FeedReader.ReadFromByteArray(feed).Items.Count;
            bare.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            ParsedFeed parsed = parser.Parse(new FeedDocument(feed, "application/rss+xml; charset=utf-8", FeedUrl));
            parse.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            NormalizationResult normalized = normalizer.Normalize(parsed, FeedUrl, DateTimeOffset.UtcNow);
            normalize.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            await store.CommitRefreshAsync(source.Id, normalized.Items, new PollOutcome { CheckedAt = DateTimeOffset.UtcNow }, CancellationToken.None);
            commit.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{runs} runs of {items} new items, medians: bare CodeHollow {Median(bare):F1} ms, parse {Median(parse):F1} ms, normalize {Median(normalize):F1} ms, dedup + store {Median(commit):F1} ms"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
