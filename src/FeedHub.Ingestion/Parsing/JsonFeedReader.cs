using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        (string version, bool bare, bool idMissing) = RequireJsonFeedVersion(text);
        if (bare || idMissing)
        {
            text = Completed(text, version);
        }

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
            // The favicon (64×64) first: where FeedHub shows a feed's image it is a 16-pixel icon.
            ImageUrl = Blank(json.Favicon)?.Trim() ?? Blank(json.Icon)?.Trim(),
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

    /// <summary>The JSON Feed version, from the specified URL or (as static-site generators write
    /// it) a bare 1, 1.0 or 1.1, as a string or a number.</summary>
    private static (string Version, bool Bare, bool IdMissing) RequireJsonFeedVersion(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("version", out JsonElement version))
            {
                if (version.ValueKind == JsonValueKind.String
                    && version.GetString() is { } url
                    && url.Contains("jsonfeed.org/version/", StringComparison.OrdinalIgnoreCase))
                {
                    string number = url[(url.LastIndexOf('/') + 1)..];
                    return (number.Contains('.', StringComparison.Ordinal) ? number : number + ".0", false, IdMissing(json.RootElement));
                }

                string? bare = version.ValueKind is JsonValueKind.String or JsonValueKind.Number ? (version.ValueKind == JsonValueKind.String ? version.GetString() : version.GetRawText())?.Trim() : null;
                if (bare is "1" or "1.0" or "1.1")
                {
                    return (bare == "1.1" ? "1.1" : "1.0", true, IdMissing(json.RootElement));
                }
            }
        }
        catch (JsonException exception)
        {
            throw new FeedParseException($"document looks like JSON but is not valid JSON: {exception.Message}", exception);
        }

        throw new FeedParseException("document is JSON but not a JSON Feed (no jsonfeed.org version)");
    }

    private static bool IdMissing(JsonElement root) =>
        root.TryGetProperty("items", out JsonElement items) && items.ValueKind == JsonValueKind.Array
        && items.EnumerateArray().Any(i => i.ValueKind == JsonValueKind.Object
            && (!i.TryGetProperty("id", out JsonElement id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString())));

    /// <summary>What CodeHollow needs to read the document: the version written as the URL it
    /// recognizes, and an id on every item (it drops items without one, silently). Generators leave
    /// out the required id or write a number; the url is the next stable key, then the content.</summary>
    private static string Completed(string text, string version)
    {
        JsonNode root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 })!;
        root["version"] = "https://jsonfeed.org/version/" + version;
        if (root["items"] is JsonArray items)
        {
            foreach (JsonObject item in items.OfType<JsonObject>())
            {
                JsonNode? id = item["id"];
                string? value = id?.GetValueKind() switch
                {
                    JsonValueKind.String => id.GetValue<string>(),
                    JsonValueKind.Number => id.ToJsonString(),
                    _ => null,
                };
                item["id"] = Blank(value) ?? Blank(StringOf(item["url"])) ?? ContentKey(item);
            }
        }

        return root.ToJsonString();
    }

    private static string? StringOf(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    private static string? ContentKey(JsonObject item)
    {
        string body = string.Join('\n', StringOf(item["title"]), StringOf(item["content_html"]), StringOf(item["content_text"]),
            StringOf(item["summary"]), StringOf(item["date_published"]));
        if (body.All(c => c == '\n'))
        {
            return null;
        }

        return "content:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..32];
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
