using BenchmarkDotNet.Attributes;
using FeedHub.Core.Stories;
using FeedHub.Ingestion.Parsing;
using FeedHub.Tests.Corpus;
using FeedHub.Tests.Stories;

namespace FeedHub.Benchmarks;

/// <summary>Featurizing the matching texts of the real Indonesian feeds (the corpus's site-feeds,
/// every item's title and body through <see cref="StoryText.From(string?, string?)"/>), as the
/// first implementation did it and as <see cref="StoryFeatures.From"/> does it now. One operation
/// featurizes every text once.</summary>
[MemoryDiagnoser]
public class StoryFeaturesBenchmarks
{
    private string[] _texts = [];

    [GlobalSetup]
    public void Setup()
    {
        var parser = new FeedParser();
        _texts = [.. Directory.EnumerateFiles(CorpusLocator.PathOf("real-id", "site-feeds"), "*.xml")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => parser.Parse(new FeedDocument(File.ReadAllBytes(file), "application/xml", new Uri("https://example.id/feed"))).Items)
            .Select(item => StoryText.From(item.Title, item.Content ?? item.Summary).MatchText)];
        Console.WriteLine($"// {_texts.Length} texts, {_texts.Sum(text => text.Length)} characters");
    }

    [Benchmark(Baseline = true, Description = "legacy: word loop, shingle by shingle, paired sort")]
    public int Legacy()
    {
        int shingles = 0;
        foreach (string text in _texts)
        {
            shingles += LegacyStoryFeatures.From(text).Sorted.Length;
        }

        return shingles;
    }

    [Benchmark(Description = "StoryFeatures.From")]
    public int Current()
    {
        int shingles = 0;
        foreach (string text in _texts)
        {
            shingles += StoryFeatures.From(text).ShingleCount;
        }

        return shingles;
    }
}
