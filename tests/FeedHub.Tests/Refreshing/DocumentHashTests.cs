using System.Text;
using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Ingestion.Fetching;
using FeedHub.Ingestion.Normalizing;
using FeedHub.Ingestion.Parsing;
using FeedHub.Ingestion.Refreshing;
using Microsoft.Extensions.Options;

namespace FeedHub.Tests.Refreshing;

/// <summary>What a kept document hash stands for: the same bytes fetched the same way for a source
/// whose settings did not change, under the same pipeline. Anything else that decides what a parse
/// stores gives another hash.</summary>
public sealed class DocumentHashTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>Portal</title><item><title>Banjir</title></item></channel></rss>");

    private static readonly FeedSource Source = new()
    {
        Id = 7,
        Url = "https://portal.example.go.id/feed",
        UpdatedAt = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero),
    };

    private static readonly FetchResult Fetched = new()
    {
        Status = FetchStatus.Ok,
        HttpStatus = 200,
        Body = Body,
        ContentType = "application/rss+xml; charset=utf-8",
        FinalUrl = new Uri("https://portal.example.go.id/feed"),
    };

    [Fact]
    public void The_same_bytes_fetched_the_same_way_give_the_same_hash_on_every_instance_whatever_the_validators_and_cache_headers()
    {
        string hash = Hashes().Compute(Source, Fetched);

        Assert.Equal(hash, Hashes().Compute(Source with { }, Fetched with { Body = Body.ToArray(), ETag = "\"v2\"", LastModified = "Mon, 02 Mar 2026 07:00:00 GMT", HttpStatus = 203 }));
        Assert.Equal(StableHashLength, hash.Length);
    }

    [Fact]
    public void One_byte_of_the_body_another_content_type_final_url_settings_stamp_item_limit_or_normalizer_build_gives_another_hash()
    {
        string hash = Hashes().Compute(Source, Fetched);
        byte[] oneByte = Body.ToArray();
        oneByte[^10] ^= 0x20;

        List<string> others =
        [
            Hashes().Compute(Source, Fetched with { Body = oneByte }),
            Hashes().Compute(Source, Fetched with { Body = Body.AsMemory(0, Body.Length - 1) }),
            Hashes().Compute(Source, Fetched with { ContentType = "application/rss+xml; charset=windows-1252" }),
            Hashes().Compute(Source, Fetched with { FinalUrl = new Uri("https://portal.example.go.id/feed/") }),
            Hashes().Compute(Source with { UpdatedAt = Source.UpdatedAt.AddTicks(1) }, Fetched),
            Hashes(maxItemsPerFeed: 50).Compute(Source, Fetched),
            new DocumentHash(new RawEntryHash(new OtherNormalizer()), new FeedParser(), Options.Create(new FetchOptions())).Compute(Source, Fetched),
        ];

        Assert.DoesNotContain(hash, others);
        Assert.Equal(others.Count, others.Distinct(StringComparer.Ordinal).Count());
    }

    private const int StableHashLength = 32;

    private static DocumentHash Hashes(int maxItemsPerFeed = FetchOptions.DefaultMaxItemsPerFeed) =>
        new(new RawEntryHash(new ItemNormalizer(new HtmlContentSanitizer())), new FeedParser(), Options.Create(new FetchOptions { MaxItemsPerFeed = maxItemsPerFeed }));

    /// <summary>A normalizer of another build (this test assembly).</summary>
    private sealed class OtherNormalizer : IItemNormalizer
    {
        public NormalizationResult Normalize(ParsedFeed feed, Uri feedUrl, DateTimeOffset now) => new([], []);
    }
}
