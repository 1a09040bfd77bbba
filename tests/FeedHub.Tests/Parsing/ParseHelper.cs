using System.Text;
using FeedHub.Core.Items;
using FeedHub.Ingestion.Parsing;

namespace FeedHub.Tests.Parsing;

internal static class ParseHelper
{
    public static readonly Uri FeedUrl = new("https://mc.example.go.id/feed/");

    public static ParsedFeed Parse(string xml, string? contentType = null) => Parse(Encoding.UTF8.GetBytes(xml), contentType);

    public static ParsedFeed Parse(byte[] body, string? contentType = null) =>
        new FeedParser().Parse(new FeedDocument(body, contentType, FeedUrl));

    public static string Rss(string itemXml, string channelExtra = "") =>
        $"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>{channelExtra}<item>{itemXml}</item></channel></rss>""";
}
