using System.Globalization;
using System.Text.Json;
using CodeHollow.FeedReader;
using CodeHollow.FeedReader.Feeds;
using FeedHub.Core.Items;

namespace FeedHub.Ingestion.Parsing;

/// <summary>JSON Feed 1.0/1.1 through CodeHollow's reader, after checking that the JSON is a JSON
/// Feed at all (any other JSON is an API response or an error page, not a feed).</summary>
internal static class JsonFeedReader
{
    public static ParsedFeed Read(string text, Uri documentUrl, string encoding)
    {
        string version = RequireJsonFeedVersion(text);

        Feed feed;
        try
        {
            feed = FeedReader.ReadFromString(text);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new FeedParseException($"document is a JSON Feed that could not be read: {exception.Message}", exception);
        }

        if (feed.SpecificFeed is not JsonFeed json)
        {
            throw new FeedParseException("document is JSON but not a JSON Feed");
        }

        var items = feed.Items.Select(i => i.SpecificItem).OfType<JsonFeedItem>().Select(ReadItem).ToList();
        return new ParsedFeed
        {
            Format = "json" + version,
            Title = Blank(json.Title),
            Link = Blank(json.HomePageUrl),
            Description = Blank(json.Description),
            Language = Blank(json.Language),
            BaseUri = documentUrl.OriginalString,
            Encoding = encoding,
            Items = items,
        };
    }

    private static ParsedItem ReadItem(JsonFeedItem item)
    {
        string? contentHtml = Blank(item.ContentHtml);
        string? contentText = Blank(item.ContentText);
        return new ParsedItem
        {
            Id = Blank(item.Id),
            Link = Blank(item.Url) ?? Blank(item.ExternalUrl),
            Title = Blank(item.Title),
            Summary = Blank(item.Summary),
            Content = contentHtml ?? (contentText is null ? null : MarkupText.EscapeText(contentText)),
            Author = item.Authors?.Select(a => Blank(a.Name)).FirstOrDefault(n => n is not null),
            Categories = item.Tags?.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList() ?? [],
            Published = Blank(item.DatePublishedString),
            Updated = Blank(item.DateModifiedString),
            Enclosures = item.Attachments?
                .Where(a => !string.IsNullOrWhiteSpace(a.Url))
                .Select(a => new ParsedEnclosure(a.Url.Trim(), Blank(a.MimeType), a.SizeInBytes is > 0 ? (long?)a.SizeInBytes : null))
                .ToList() ?? [],
        };
    }

    private static string RequireJsonFeedVersion(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("version", out JsonElement version)
                && version.ValueKind == JsonValueKind.String
                && version.GetString() is { } url
                && url.Contains("jsonfeed.org/version/", StringComparison.OrdinalIgnoreCase))
            {
                string number = url[(url.LastIndexOf('/') + 1)..];
                return number.Contains('.', StringComparison.Ordinal) ? number : number + ".0";
            }
        }
        catch (JsonException exception)
        {
            throw new FeedParseException($"document looks like JSON but is not valid JSON: {exception.Message}", exception);
        }

        throw new FeedParseException("document is JSON but not a JSON Feed (no jsonfeed.org version)");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
