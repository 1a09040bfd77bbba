using System.Diagnostics;
using System.Globalization;
using FeedHub.Core.Items;
using FeedHub.Core.Stories;
using FeedHub.Core.Text;
using FeedHub.Ingestion.Normalizing;
using FeedHub.Ingestion.Parsing;

namespace FeedHub.Benchmarks;

/// <summary>`item-texts [rounds]`: the matching text and search text of the benchmark's 1,000
/// normalized items, read the way the store reads them (<see cref="NewItemTexts"/>, the body once)
/// and read separately (<see cref="StoryText.From(string?, string?)"/> and <see cref="SearchFold.ItemText"/>,
/// the body twice), alternately in one process: time and allocations of each way, per round of five
/// passes over the items. Too small a cost to resolve in the whole pipeline's figures.</summary>
internal static class ItemTextsCost
{
    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        var feedUrl = new Uri("https://mc.example/feed");
        ParsedFeed feed = new FeedParser().Parse(new FeedDocument(BenchmarkFeeds.WordPressRss(1000), "application/rss+xml; charset=utf-8", feedUrl));
        List<FeedItem> items = [.. new ItemNormalizer(new HtmlContentSanitizer(), 1000).Normalize(feed, feedUrl, DateTimeOffset.UtcNow).Items];
        var once = new List<(double Ms, long Bytes)>();
        var twice = new List<(double Ms, long Bytes)>();
        for (int round = 0; round < rounds; round++)
        {
            once.Add(Measure(() =>
            {
                foreach (FeedItem item in items)
                {
                    _ = NewItemTexts.Read(item.Title, item.Summary, item.ContentHtml, out _);
                }
            }));
            twice.Add(Measure(() =>
            {
                foreach (FeedItem item in items)
                {
                    _ = StoryText.From(item.Title, item.ContentHtml ?? item.Summary);
                    _ = SearchFold.ItemText(item.Title, item.Summary, item.ContentHtml);
                }
            }));
        }

        // The first rounds warm the JIT's tiers up.
        int skip = Math.Min(5, rounds - 1);
        foreach ((string name, List<(double Ms, long Bytes)> results) in new[] { ("body read once", once), ("body read twice", twice) })
        {
            List<double> times = [.. results.Skip(skip).Select(r => r.Ms).Order()];
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-16} {items.Count} items x5: median {times[times.Count / 2],7:F1} ms, fastest {times[0],7:F1} ms, {results[^1].Bytes / 1024.0 / 5 / items.Count,6:F1} KiB per item"));
        }
    }

    private static (double Ms, long Bytes) Measure(Action pass)
    {
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < 5; i++)
        {
            pass();
        }

        return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }
}
