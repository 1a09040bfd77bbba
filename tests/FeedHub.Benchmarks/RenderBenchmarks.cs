using BenchmarkDotNet.Attributes;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;

namespace FeedHub.Benchmarks;

/// <summary>Rendering a merged feed of 50 and 500 stories in each format, into a reused buffer.</summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private readonly MemoryStream _output = new(4 * 1024 * 1024);
    private MergedFeed _feed = null!;

    [Params(50, 500)]
    public int Stories { get; set; }

    [Params(FeedFormat.Rss, FeedFormat.Atom, FeedFormat.Json)]
    public FeedFormat Format { get; set; }

    [GlobalSetup]
    public void Setup() => _feed = new MergedFeed
    {
        Title = "FeedHub",
        Description = "Regional news, each story once, credited to its origin.",
        SiteUrl = new Uri("https://feeds.example/"),
        TagAuthority = "feeds.example",
        SelfUrl = new Uri("https://feeds.example/feed.xml"),
        FirstUrl = new Uri("https://feeds.example/feed.xml"),
        NextUrl = new Uri("https://feeds.example/feed.xml?before=638507340000000000-50"),
        Updated = new DateTimeOffset(2024, 5, 7, 3, 0, 0, TimeSpan.Zero),
        Stories = RenderStories.Create(Stories),
    };

    [Benchmark]
    public long Render()
    {
        _output.SetLength(0);
        Format.Write(_output, _feed);
        return _output.Length;
    }
}
