using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.IntegrationTests.Storage;

internal static class TestItems
{
    public static FeedItem Item(
        string key,
        string? canonicalLink = null,
        DateTimeOffset? publishedAt = null,
        string? contentHash = null,
        string? title = null) => new()
    {
        ItemKey = key,
        ContentHash = contentHash ?? "hash-" + key,
        Guid = "guid-" + key,
        Link = canonicalLink ?? $"https://example.go.id/berita/{key}?utm_source=rss",
        CanonicalLink = canonicalLink ?? $"https://example.go.id/berita/{key}",
        Title = title ?? "Title " + key,
        Summary = "Summary of " + key,
        ContentHtml = $"<p>Body of {key}</p>",
        Author = "Humas",
        Categories = ["Pemerintahan", "Kalsel"],
        Enclosures = [new ParsedEnclosure($"https://example.go.id/img/{key}.jpg", "image/jpeg", 12345)],
        PublishedAt = publishedAt ?? StorageTestDatabase.Start.AddMinutes(-10),
        UpdatedAt = null,
        Fingerprint = 0x1234_5678_9ABC_DEF0,
    };

    public static List<FeedItem> Many(int count, string prefix = "item", int first = 0) =>
        Enumerable.Range(first, count)
            .Select(i => Item($"{prefix}-{i:D5}", publishedAt: StorageTestDatabase.Start.AddMinutes(-i)))
            .ToList();

    public static PollOutcome Ok(DateTimeOffset checkedAt, string? etag = "\"v1\"") => new()
    {
        CheckedAt = checkedAt,
        HttpStatus = 200,
        ETag = etag,
        LastModified = "Wed, 07 May 2025 02:00:00 GMT",
        NextDueAt = checkedAt.AddMinutes(15),
    };
}
