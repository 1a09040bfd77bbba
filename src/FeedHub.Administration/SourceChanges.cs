using System.Globalization;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Administration;

/// <summary>Says in one line what an admin action changed, for the audit log.</summary>
internal static class SourceChanges
{
    public static string Describe(FeedSource source) =>
        $"url {Quote(source.Url)}, title {Quote(source.Title)}, tags {List(source.Tags)}, interval {Interval(source.Interval)}, " +
        $"origin {(source.IsOrigin ? "yes" : "no")}, credits {List(source.Credits)}" + DescribeSettings(source);

    /// <summary>Only what differs from the defaults, so a plain source reads as before. Header names
    /// only: the audit log never holds a header value.</summary>
    private static string DescribeSettings(FeedSource source)
    {
        var parts = new List<string>();
        if (source.Fetch.UserAgent is not null)
        {
            parts.Add($"user agent {Quote(source.Fetch.UserAgent)}");
        }

        if (source.Fetch.Headers.Count > 0)
        {
            parts.Add($"headers {HeaderNames(source)}");
        }

        if (source.Fetch.Timeout is not null)
        {
            parts.Add($"timeout {Timeout(source.Fetch.Timeout)}");
        }

        if (source.Fetch.MaxResponseBytes is not null)
        {
            parts.Add($"byte limit {Bytes(source.Fetch.MaxResponseBytes)}");
        }

        if (source.Rules.Keep.Count > 0)
        {
            parts.Add($"keep rules {Rules(source.Rules.Keep)}");
        }

        if (source.Rules.Block.Count > 0)
        {
            parts.Add($"block rules {Rules(source.Rules.Block)}");
        }

        return parts.Count == 0 ? "" : ", " + string.Join(", ", parts);
    }

    public static string Diff(FeedSource before, FeedSource after)
    {
        var changes = new List<string>();
        Compare(changes, "url", Quote(before.Url), Quote(after.Url));
        Compare(changes, "title", Quote(before.Title), Quote(after.Title));
        Compare(changes, "tags", List(before.Tags), List(after.Tags));
        Compare(changes, "interval", Interval(before.Interval), Interval(after.Interval));
        Compare(changes, "origin", before.IsOrigin ? "yes" : "no", after.IsOrigin ? "yes" : "no");
        Compare(changes, "credits", List(before.Credits), List(after.Credits));
        Compare(changes, "state", before.Enabled ? "active" : "paused", after.Enabled ? "active" : "paused");
        Compare(changes, "user agent", Quote(before.Fetch.UserAgent), Quote(after.Fetch.UserAgent));
        Compare(changes, "headers", HeaderNames(before), HeaderNames(after));
        if (HeaderNames(before) == HeaderNames(after)
            && before.Fetch.Headers.Any(h => !after.Fetch.Headers.TryGetValue(h.Key, out string? value) || value != h.Value))
        {
            changes.Add("header values replaced");
        }

        Compare(changes, "timeout", Timeout(before.Fetch.Timeout), Timeout(after.Fetch.Timeout));
        Compare(changes, "byte limit", Bytes(before.Fetch.MaxResponseBytes), Bytes(after.Fetch.MaxResponseBytes));
        Compare(changes, "keep rules", Rules(before.Rules.Keep), Rules(after.Rules.Keep));
        Compare(changes, "block rules", Rules(before.Rules.Block), Rules(after.Rules.Block));
        return changes.Count == 0 ? "no change" : string.Join("; ", changes);
    }

    private static void Compare(List<string> changes, string field, string before, string after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add($"{field}: {before} → {after}");
        }
    }

    private static string Quote(string? value) => value is null ? "none" : "\"" + value + "\"";

    private static string List(IReadOnlyList<string> values) => "[" + string.Join(", ", values) + "]";

    private static string HeaderNames(FeedSource source) => List(source.Fetch.Headers.Keys.Order(StringComparer.OrdinalIgnoreCase).ToArray());

    private static string Rules(IReadOnlyList<FeedHub.Core.Rules.ItemRule> rules) => List(rules.Select(r => Quote(r.ToString())).ToArray());

    private static string Timeout(TimeSpan? timeout) => timeout?.ToString("c", CultureInfo.InvariantCulture) ?? "default";

    private static string Bytes(long? bytes) => bytes?.ToString(CultureInfo.InvariantCulture) ?? "default";

    private static string Interval(TimeSpan? interval) => interval?.ToString("c", CultureInfo.InvariantCulture) ?? "default";
}
