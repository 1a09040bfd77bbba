using System.Globalization;
using FeedHub.Administration;
using FeedHub.Core.Rules;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Worker.Scheduling;

namespace FeedHub.Worker.Commands;

/// <summary>How sources read on a terminal.</summary>
internal static class SourceText
{
    public static string Time(DateTimeOffset? at) =>
        at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "never";

    public static string Interval(TimeSpan? interval) =>
        interval?.ToString("c", CultureInfo.InvariantCulture) ?? "default";

    public static string Tags(IReadOnlyList<string> tags) => tags.Count == 0 ? "-" : string.Join(',', tags);

    public static string Summary(SourceView view) =>
        $"Source {view.Source.Id}: {view.Source.Title ?? "(untitled)"} <{view.Source.Url}> [{view.State}]";

    public static async Task WriteDetailsAsync(TextWriter output, SourceView view)
    {
        FeedSource s = view.Source;
        (string Name, string Value)[] lines =
        [
            ("id", s.Id.ToString(CultureInfo.InvariantCulture)),
            ("title", s.Title ?? "-"),
            ("url", s.Url),
            ("site", s.SiteUrl ?? "-"),
            ("tags", Tags(s.Tags)),
            ("state", view.State),
            ("interval", Interval(s.Interval)),
            ("origin", s.IsOrigin ? "yes" : "no"),
            ("credits", s.Credits.Count == 0 ? "-" : string.Join(" | ", s.Credits)),
            ("user agent", s.Fetch.UserAgent ?? "default"),
            ("headers", s.Fetch.Headers.Count == 0 ? "-" : string.Join(", ", s.Fetch.Headers.Select(h => $"{h.Key}: {h.Value}"))),
            ("timeout", s.Fetch.Timeout?.ToString("c", CultureInfo.InvariantCulture) ?? "default"),
            ("byte limit", s.Fetch.MaxResponseBytes?.ToString(CultureInfo.InvariantCulture) ?? "default"),
            ("items", view.Items.ToString(CultureInfo.InvariantCulture)),
            ("blocked items", view.Blocked.Values.Sum().ToString(CultureInfo.InvariantCulture)),
            ("skipped entries", s.SkippedEntries.ToString(CultureInfo.InvariantCulture)),
            ("feed language", s.Feed.Language ?? "-"),
            ("feed description", s.Feed.Description ?? "-"),
            ("feed image", s.Feed.ImageUrl ?? "-"),
            ("feed updated", s.Feed.UpdatedAt is null ? "-" : Time(s.Feed.UpdatedAt)),
            ("last checked", Time(s.LastCheckedAt)),
            ("last success", Time(s.LastSuccessAt)),
            ("next poll", s.Enabled ? Time(s.NextDueAt) : "paused"),
            ("failures", s.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture)),
            ("last error", s.LastError ?? "-"),
            ("last HTTP status", s.LastHttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "-"),
            ("retry after", s.RetryAfterUntil is null ? "-" : Time(s.RetryAfterUntil)),
            ("created", Time(s.CreatedAt)),
            ("updated", Time(s.UpdatedAt)),
        ];
        int width = lines.Max(l => l.Name.Length) + 1;
        foreach ((string name, string value) in lines)
        {
            await output.WriteLineAsync((name + ":").PadRight(width + 1) + value);
        }

        await WriteRulesAsync(output, view);
    }

    /// <summary>Each rule with how many stored items it blocks (a keep rule blocks what none of the
    /// keep rules matches, counted once for them all).</summary>
    private static async Task WriteRulesAsync(TextWriter output, SourceView view)
    {
        ItemRules rules = view.Source.Rules;
        if (rules.IsEmpty)
        {
            await output.WriteLineAsync("rules:             none (every item is kept)");
            return;
        }

        await output.WriteLineAsync("rules:");
        for (int i = 0; i < rules.Block.Count; i++)
        {
            long blocked = view.Blocked.GetValueOrDefault(BlockReasons.BlockRule(i));
            await output.WriteLineAsync($"  block {i + 1}: {rules.Block[i]}  ({blocked.ToString(CultureInfo.InvariantCulture)} blocked)");
        }

        for (int i = 0; i < rules.Keep.Count; i++)
        {
            await output.WriteLineAsync($"  keep {i + 1}: {rules.Keep[i]}");
        }

        if (rules.Keep.Count > 0)
        {
            long unmatched = view.Blocked.GetValueOrDefault(BlockReasons.NoKeepRuleMatched);
            await output.WriteLineAsync($"  matched by no keep rule: {unmatched.ToString(CultureInfo.InvariantCulture)} blocked");
        }
    }

    /// <summary>Columns padded to their widest cell; the last column is never padded.</summary>
    public static async Task WriteTableAsync(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        List<string[]> all = [header, .. rows];
        int[] widths = Enumerable.Range(0, header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        foreach (string[] row in all)
        {
            string line = string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c])));
            await output.WriteLineAsync(line.TrimEnd());
        }
    }

    public static string Shorten(string? text, int max) =>
        string.IsNullOrEmpty(text) ? "-" : text.Length <= max ? text : text[..(max - 1)] + "…";
}
