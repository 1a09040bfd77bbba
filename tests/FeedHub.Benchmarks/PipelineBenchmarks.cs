using BenchmarkDotNet.Attributes;
using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Normalizing;
using FeedHub.Ingestion.Parsing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using CodeHollowFeedReaderLib = CodeHollow.FeedReader;

namespace FeedHub.Benchmarks;

/// <summary>A 1,000-item feed through bare CodeHollow, through FeedHub's parse stage, parse and
/// normalize (markup the sanitizer's fast path proves, and markup it leaves to HtmlSanitizer), and
/// the whole pipeline into a SQLite file.</summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int Items = 1000;
    private static readonly Uri FeedUrl = new("https://mc.example/feed");
    private byte[] _feed = [];
    private byte[] _srcsetFeed = [];
    private BenchmarkHost _host = null!;
    private IFeedParser _parser = null!;
    private IItemNormalizer _normalizer = null!;
    private IItemStore _items = null!;
    private ISourceStore _sources = null!;
    private int _sourceCounter;
    private byte[] _newStoriesFeed = [];

    [GlobalSetup]
    public void Setup()
    {
        _feed = BenchmarkFeeds.WordPressRss(Items);
        _srcsetFeed = BenchmarkFeeds.WordPressRss(Items, srcset: true);
        _host = BenchmarkHost.Start();
        _parser = _host.Services.GetRequiredService<IFeedParser>();
        _normalizer = _host.Services.GetRequiredService<IItemNormalizer>();
        _items = _host.Services.GetRequiredService<IItemStore>();
        _sources = _host.Services.GetRequiredService<ISourceStore>();
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [Benchmark(Baseline = true, Description = "bare CodeHollow parse")]
    public int BareCodeHollow() => CodeHollowFeedReaderLib.FeedReader.ReadFromByteArray(_feed).Items.Count;

    [Benchmark(Description = "decode + gate + parse")]
    public int Parse() => _parser.Parse(new FeedDocument(_feed, "application/rss+xml; charset=utf-8", FeedUrl)).Items.Count;

    [Benchmark(Description = "parse + normalize")]
    public int ParseAndNormalize() => Normalize(_feed).Items.Count;

    [Benchmark(Description = "parse + normalize, srcset images (HtmlSanitizer path)")]
    public int ParseAndNormalizeSrcset() => Normalize(_srcsetFeed).Items.Count;

    [IterationSetup(Target = nameof(FullPipeline))]
    public void NewStories()
    {
        // Every run stores 1,000 items that are new to the database (new links, so new stories):
        // the full insert path, not the no-op one of a re-poll, and stories that do not grow a
        // copy per run, as they never would in a real province.
        _sourceCounter++;
        _newStoriesFeed = BenchmarkFeeds.WordPressRss(Items, $"portal{_sourceCounter}.example");
    }

    [Benchmark(Description = "parse + normalize + dedup + store (SQLite)")]
    public async Task<int> FullPipeline()
    {
        FeedSource source = await _sources.UpsertAsync(new SourceDefinition { Url = $"https://portal{_sourceCounter}.example/feed" }, CancellationToken.None);
        ParsedFeed feed = _parser.Parse(new FeedDocument(_newStoriesFeed, "application/rss+xml; charset=utf-8", FeedUrl));
        NormalizationResult normalized = _normalizer.Normalize(feed, FeedUrl, DateTimeOffset.UtcNow);
        StoreResult stored = await _items.CommitRefreshAsync(source.Id, normalized.Items, new PollOutcome { CheckedAt = DateTimeOffset.UtcNow }, CancellationToken.None);
        return stored.Added;
    }

    private NormalizationResult Normalize(byte[] body)
    {
        ParsedFeed feed = _parser.Parse(new FeedDocument(body, "application/rss+xml; charset=utf-8", FeedUrl));
        return _normalizer.Normalize(feed, FeedUrl, DateTimeOffset.UtcNow);
    }
}
