using System.Globalization;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Administration;

/// <summary>Says in one line what an admin action changed, for the audit log.</summary>
internal static class SourceChanges
{
    public static string Describe(FeedSource source) =>
        $"url {Quote(source.Url)}, title {Quote(source.Title)}, tags {List(source.Tags)}, interval {Interval(source.Interval)}, " +
        $"origin {(source.IsOrigin ? "yes" : "no")}, credits {List(source.Credits)}";

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

    private static string Interval(TimeSpan? interval) => interval?.ToString("c", CultureInfo.InvariantCulture) ?? "default";
}
