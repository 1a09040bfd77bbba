using System.Text.Json;
using FeedHub.Core.Dates;
using FeedHub.Core.Items;

namespace FeedHub.Tests.Conformance;

/// <summary>Maps feedparser result paths (feed.title, entries[0].content[0].value, ...) onto
/// <see cref="ParsedFeed"/>. A path that is not in this table has no FeedHub model at the parser
/// layer, and any expectation using it is not applicable.</summary>
public static class FeedparserPathMap
{
    /// <summary>A mapped value: a string, an int (counts), an int[] (time tuples), or null when absent.</summary>
    public sealed record Resolution(bool Mapped, object? Value);

    private static readonly Resolution Unmapped = new(false, null);

    public static Resolution Resolve(ParsedFeed feed, IReadOnlyList<JsonElement> path)
    {
        if (path.Count == 0 || path[0].ValueKind != JsonValueKind.String)
        {
            return Unmapped;
        }

        string head = path[0].GetString()!;
        return head switch
        {
            "encoding" when path.Count == 1 => new(true, feed.Encoding),
            "feed" => ResolveFeed(feed, path),
            "entries" when path.Count == 1 => new(true, feed.Items.Count),
            "entries" when path.Count >= 3 && path[1].ValueKind == JsonValueKind.Number => ResolveEntry(feed, path),
            _ => Unmapped,
        };
    }

    /// <summary>Whether <paramref name="path"/> maps, without needing a parse result.</summary>
    public static bool IsMapped(IReadOnlyList<JsonElement> path) =>
        Resolve(new ParsedFeed { Format = "probe", Items = [new ParsedItem()] }, path).Mapped;

    private static Resolution ResolveFeed(ParsedFeed feed, IReadOnlyList<JsonElement> path)
    {
        string[] keys = Keys(path, 1);
        return keys switch
        {
            ["title"] or ["title_detail", "value"] => new(true, feed.Title),
            ["link"] => new(true, feed.Link),
            ["description"] or ["subtitle"] or ["tagline"]
                or ["subtitle_detail", "value"] or ["tagline_detail", "value"] => new(true, feed.Description),
            ["language"] => new(true, feed.Language),
            _ => Unmapped,
        };
    }

    private static Resolution ResolveEntry(ParsedFeed feed, IReadOnlyList<JsonElement> path)
    {
        int index = path[1].GetInt32();
        ParsedItem? item = index < feed.Items.Count ? feed.Items[index] : null;
        string[] keys = Keys(path, 2);
        if (keys.Length == 0)
        {
            return Unmapped;
        }

        Resolution Of(Func<ParsedItem, object?> read) => new(true, item is null ? null : read(item));

        switch (keys)
        {
            case ["title"] or ["title_detail", "value"]:
                return Of(i => i.Title);
            case ["link"]:
                return Of(i => i.Link);
            case ["id"] or ["guid"]:
                return Of(i => i.Id);
            // feedparser aliases description to summary and fills summary from content when an
            // entry has content only.
            case ["summary"] or ["description"] or ["summary_detail", "value"]:
                return Of(i => i.Summary ?? i.Content);
            case ["content", "0", "value"]:
                return Of(i => i.Content);
            case ["author"]:
                return Of(i => i.Author);
            case ["published"]:
                return Of(i => i.Published);
            case ["updated"]:
                return Of(i => i.Updated);
            case ["published_parsed"]:
                return Of(i => TimeTuple(i.Published));
            case ["updated_parsed"]:
                return Of(i => TimeTuple(i.Updated));
            case ["tags"]:
                return Of(i => i.Categories.Count);
            case ["category"]:
                return Of(i => i.Categories.FirstOrDefault());
            case ["tags", var n, "term"] when int.TryParse(n, out int t):
                return Of(i => t < i.Categories.Count ? i.Categories[t] : null);
            case ["enclosures"]:
                return Of(i => i.Enclosures.Count);
            case ["enclosures", var n, var field] when int.TryParse(n, out int e):
                return field switch
                {
                    "href" or "url" => Of(i => e < i.Enclosures.Count ? i.Enclosures[e].Url : null),
                    "type" => Of(i => e < i.Enclosures.Count ? i.Enclosures[e].MediaType : null),
                    "length" => Of(i => e < i.Enclosures.Count ? i.Enclosures[e].Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
                    _ => Unmapped,
                };
            default:
                return Unmapped;
        }
    }

    /// <summary>Python's time.struct_time for a UTC instant: (y, m, d, H, M, S, weekday Mon=0, yearday, isdst=0).</summary>
    private static int[]? TimeTuple(string? raw)
    {
        if (!FeedDateParser.TryParse(raw, out DateTimeOffset utc))
        {
            return null;
        }

        int weekday = ((int)utc.DayOfWeek + 6) % 7;
        return [utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, weekday, utc.DayOfYear, 0];
    }

    private static string[] Keys(IReadOnlyList<JsonElement> path, int from) =>
        path.Skip(from).Select(p => p.ValueKind == JsonValueKind.Number ? p.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : p.GetString() ?? string.Empty).ToArray();
}
