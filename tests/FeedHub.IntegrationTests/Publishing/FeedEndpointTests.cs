using System.Net;
using System.Net.Http.Headers;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;
using FeedHub.Worker.Feeds;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Publishing;

/// <summary>/feed.xml|.atom|.json and the channels, over real HTTP from the real host.</summary>
public sealed class FeedEndpointTests(PublishedHost published) : IClassFixture<PublishedHost>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private HttpClient Http => published.Http;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("feed.xml", "application/rss+xml")]
    [InlineData("feed.atom", "application/atom+xml")]
    [InlineData("feed.json", "application/feed+json")]
    [InlineData("channels/kalsel.xml", "application/rss+xml")]
    [InlineData("channels/kalsel.atom", "application/atom+xml")]
    [InlineData("channels/kalsel.json", "application/feed+json")]
    public async Task Each_format_has_its_media_type_in_utf8_and_a_self_link_to_itself(string path, string mediaType)
    {
        using HttpResponseMessage response = await Http.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        byte[] body = await response.Content.ReadAsByteArrayAsync(Ct);
        string self = SelfLink(mediaType, body);
        Assert.Equal(new Uri(published.Host.BaseUri, path).AbsoluteUri, self);
    }

    [Fact]
    public async Task Entries_are_stories_newest_first_each_naming_its_origin_and_other_carriers()
    {
        byte[] body = await Http.GetByteArrayAsync("feed.atom?limit=100", Ct);

        SyndicationFeed feed = SyndicationFeed.Load(XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { CheckCharacters = true }));
        List<SyndicationItem> items = [.. feed.Items];
        Assert.Equal(PublishedHost.TotalStories, items.Count);
        Assert.Equal(items.OrderByDescending(i => i.PublishDate).Select(i => i.Id), items.Select(i => i.Id));
        SyndicationItem shared = items[0];
        Assert.Equal("Banjir di Martapura", shared.Title.Text);
        Assert.Equal("MC Kalsel", shared.SourceFeed.Title.Text);
        Assert.Equal("https://mc.example/story/1", shared.Links.Single(l => l.RelationshipType == "alternate").Uri.AbsoluteUri);
        SyndicationLink related = Assert.Single(shared.Links, l => l.RelationshipType == "related");
        Assert.Equal("Portal", related.Title);
        Assert.Contains("Also published by: <a href=", ((TextSyndicationContent)shared.Content).Text, StringComparison.Ordinal);

        using JsonDocument json = JsonDocument.Parse(await Http.GetByteArrayAsync("feed.json?limit=1", Ct));
        JsonElement extension = json.RootElement.GetProperty("items")[0].GetProperty("_feedhub");
        Assert.Equal("Portal", extension.GetProperty("also_published_by")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Filters_narrow_by_tag_source_words_and_date()
    {
        Assert.Equal(PublishedHost.OriginStories, await CountAsync("feed.xml?tag=kalsel"));
        Assert.Equal(PublishedHost.PortalOnlyStories + 1, await CountAsync("feed.xml?tag=NASIONAL"));
        Assert.Equal(PublishedHost.TotalStories, await CountAsync("feed.xml?tag=kalsel&tag=nasional"));
        Assert.Equal(1, await CountAsync("feed.xml?tag=kalsel&tag=nasional&q=martapura%20BANJIR"));
        Assert.Equal(0, await CountAsync("feed.xml?q=tidak-ada"));
        Assert.Equal(3, await CountAsync("feed.xml?since=2024-05-07T02:57:00Z"));
        Assert.Equal(3, await CountAsync("feed.xml?since=2024-05-07T10:57:00%2B08:00"));

        IReadOnlyList<FeedSource> sources = await published.Host.Services.GetRequiredService<ISourceStore>().ListAsync(Ct);
        long portalId = sources.Single(s => s.Url.EndsWith("portal.xml", StringComparison.Ordinal)).Id;
        Assert.Equal(PublishedHost.PortalOnlyStories + 1, await CountAsync($"feed.xml?source={portalId}"));
    }

    [Fact]
    public async Task A_channel_is_its_tags_or_sources_narrowed_by_its_query_and_the_subscribers_filters()
    {
        Assert.Equal(PublishedHost.OriginStories, await CountAsync("channels/kalsel.xml"));
        Assert.Equal(2, await CountAsync("channels/kalsel.xml?limit=2"));
        Assert.Equal(1, await CountAsync("channels/portal-banjir.xml"));

        XElement channel = XDocument.Parse(await Http.GetStringAsync("channels/kalsel.xml", Ct)).Root!.Element("channel")!;
        Assert.Equal("Berita Kalsel", (string?)channel.Element("title"));
        Assert.Equal("Kalimantan Selatan", (string?)channel.Element("description"));
    }

    [Theory]
    [InlineData("feed.xml?limit=abc")]
    [InlineData("feed.xml?limit=0")]
    [InlineData("feed.xml?limit=5&limit=6")]
    [InlineData("feed.xml?colour=blue")]
    [InlineData("feed.xml?tag=")]
    [InlineData("feed.xml?source=abc")]
    [InlineData("feed.xml?source=0")]
    [InlineData("feed.xml?q=")]
    [InlineData("feed.xml?q=%20%20")]
    [InlineData("feed.xml?q=%25%20-")]
    [InlineData("feed.xml?tag=%21%21")]
    [InlineData("feed.xml?since=yesterday")]
    [InlineData("feed.xml?since=2024-13-45")]
    [InlineData("feed.xml?since=5/7/2024")]
    [InlineData("feed.xml?before=xyz")]
    [InlineData("feed.atom?Limit=5")]
    [InlineData("channels/kalsel.json?colour=blue")]
    public async Task Bad_parameters_get_a_problem_details_400(string url)
    {
        using HttpResponseMessage response = await Http.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("channels/nowhere.xml")]
    [InlineData("channels/kalsel.html")]
    [InlineData("feed.rss")]
    public async Task Unknown_channels_and_formats_are_404_problems(string url)
    {
        using HttpResponseMessage response = await Http.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("feed.xml", "application/rss+xml")]
    [InlineData("feed.atom", "application/atom+xml")]
    [InlineData("feed.json", "application/feed+json")]
    public async Task Following_next_links_walks_every_story_once_then_stops(string path, string mediaType)
    {
        List<string> ids = [];
        string? url = path + "?limit=4";
        int pages = 0;
        while (url is not null)
        {
            byte[] body = await Http.GetByteArrayAsync(url, Ct);
            (List<string> pageIds, string? next) = IdsAndNext(mediaType, body);
            ids.AddRange(pageIds);
            url = next;
            pages++;
            Assert.True(pages <= 5, "paging ends");
        }

        Assert.Equal(3, pages);
        Assert.Equal(PublishedHost.TotalStories, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_matching_etag_or_date_gets_a_304_without_a_body()
    {
        using HttpResponseMessage first = await Http.GetAsync("feed.xml?tag=kalsel", Ct);
        EntityTagHeaderValue etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal("public, max-age=300", first.Headers.CacheControl?.ToString());
        Assert.NotNull(first.Content.Headers.LastModified);

        using var byTag = new HttpRequestMessage(HttpMethod.Get, "feed.xml?tag=kalsel");
        byTag.Headers.IfNoneMatch.Add(etag);
        using HttpResponseMessage notModified = await Http.SendAsync(byTag, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(etag, notModified.Headers.ETag);

        using var byDate = new HttpRequestMessage(HttpMethod.Get, "feed.xml?tag=kalsel");
        byDate.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        using HttpResponseMessage notModifiedByDate = await Http.SendAsync(byDate, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModifiedByDate.StatusCode);

        using var otherQuery = new HttpRequestMessage(HttpMethod.Get, "feed.xml?tag=nasional");
        otherQuery.Headers.IfNoneMatch.Add(etag);
        using HttpResponseMessage other = await Http.SendAsync(otherQuery, Ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.NotEqual(etag, other.Headers.ETag);

        using var staleDate = new HttpRequestMessage(HttpMethod.Get, "feed.xml?tag=kalsel");
        staleDate.Headers.IfModifiedSince = first.Content.Headers.LastModified!.Value.AddSeconds(-1);
        using HttpResponseMessage modified = await Http.SendAsync(staleDate, Ct);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Bodies_are_compressed_when_asked_and_decompress_to_the_same_bytes(string coding)
    {
        byte[] plain = await Http.GetByteArrayAsync("feed.atom", Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "feed.atom");
        request.Headers.AcceptEncoding.ParseAdd(coding);

        using HttpResponseMessage response = await Http.SendAsync(request, Ct);

        Assert.Equal([coding], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        byte[] compressed = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(compressed.Length < plain.Length / 2, $"{compressed.Length} bytes compressed from {plain.Length}");
        using Stream decoder = coding == "br"
            ? new System.IO.Compression.BrotliStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await decoder.CopyToAsync(decoded, Ct);
        Assert.Equal(plain, decoded.ToArray());
        Assert.NotEqual(response.Headers.ETag, (await Http.GetAsync("feed.atom", Ct)).Headers.ETag);
    }

    [Fact]
    public async Task Head_answers_the_headers_of_get_without_a_body()
    {
        using HttpResponseMessage get = await Http.GetAsync("feed.json", Ct);
        using HttpResponseMessage head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "feed.json"), Ct);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task An_unchanged_feed_is_served_from_one_rendering()
    {
        // Same bytes, same ETag, and the very same cached body: not rendered again per request.
        byte[][] bodies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Http.GetByteArrayAsync("feed.json?tag=kalsel&limit=3", Ct)));

        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
        using var renders = new PublishingCounter(published.Host.Services, PublishingMetrics.RendersName);
        using var hits = new PublishingCounter(published.Host.Services, PublishingMetrics.CacheHitsName);
        await Http.GetByteArrayAsync("feed.json?tag=kalsel&limit=3", Ct);
        await Http.GetByteArrayAsync("feed.json?tag=kalsel&limit=3", Ct);
        Assert.Equal(0, renders.Total);
        Assert.Equal(2, hits.Total);
    }

    private async Task<int> CountAsync(string url)
    {
        using HttpResponseMessage response = await Http.GetAsync(url, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return XDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).Descendants("item").Count();
    }

    private static string SelfLink(string mediaType, byte[] body)
    {
        if (mediaType == "application/feed+json")
        {
            using JsonDocument json = JsonDocument.Parse(body);
            return json.RootElement.GetProperty("feed_url").GetString()!;
        }

        XElement root = XDocument.Load(new MemoryStream(body)).Root!;
        XElement container = root.Element("channel") ?? root;
        return (string)Assert.Single(container.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self").Attribute("href")!;
    }

    private static (List<string> Ids, string? Next) IdsAndNext(string mediaType, byte[] body)
    {
        if (mediaType == "application/feed+json")
        {
            using JsonDocument json = JsonDocument.Parse(body);
            JsonElement root = json.RootElement;
            return ([.. root.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)],
                root.TryGetProperty("next_url", out JsonElement next) ? next.GetString() : null);
        }

        XElement document = XDocument.Load(new MemoryStream(body)).Root!;
        XElement container = document.Element("channel") ?? document;
        List<string> ids = container.Name == "channel"
            ? [.. container.Elements("item").Select(i => (string)i.Element("guid")!)]
            : [.. container.Elements(Atom + "entry").Select(e => (string)e.Element(Atom + "id")!)];
        string? nextUrl = (string?)container.Elements(Atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == "next")?.Attribute("href");
        return (ids, nextUrl);
    }
}
