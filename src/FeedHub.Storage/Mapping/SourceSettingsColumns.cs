using System.Text.Json;
using FeedHub.Core.Rules;

namespace FeedHub.Storage.Mapping;

/// <summary>A source's request headers (a JSON object of stored values) and rules (JSON arrays of
/// rule lines) as their columns hold them.</summary>
internal static class SourceSettingsColumns
{
    public static string FromHeaders(IReadOnlyDictionary<string, string> headers) =>
        JsonSerializer.Serialize(headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase));

    public static IReadOnlyDictionary<string, string> ToHeaders(string? json) =>
        string.IsNullOrEmpty(json)
            ? new Dictionary<string, string>()
            // Most sources send no headers of their own: every poll's source load reads the column.
            : json == "{}"
                ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [], StringComparer.OrdinalIgnoreCase);

    public static string FromRules(IReadOnlyList<ItemRule> rules) => JsonColumns.FromStrings(rules.Select(r => r.ToString()).ToArray());

    /// <summary>Rules were checked when they were set; a line that no longer parses (written by a
    /// later version) is dropped rather than failing every read of the source.</summary>
    public static IReadOnlyList<ItemRule> ToRules(string? json) =>
        JsonColumns.ToStrings(json)
            .Select(line => ItemRuleSyntax.TryParse(line, out ItemRule? rule, out _) ? rule : null)
            .OfType<ItemRule>()
            .ToArray();
}
