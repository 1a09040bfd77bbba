using System.Text.Json;
using FeedHub.Core.Items;

namespace FeedHub.Storage.Mapping;

/// <summary>Lists stored as JSON arrays in one text column: they are only ever read whole.</summary>
internal static class JsonColumns
{
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    public static string FromStrings(IReadOnlyList<string>? values) =>
        JsonSerializer.Serialize(values ?? [], SerializerOptions);

    // Most sources' credits and rules are the empty list: every poll's source load reads them.
    public static IReadOnlyList<string> ToStrings(string? json) =>
        string.IsNullOrEmpty(json) || json == "[]" ? [] : JsonSerializer.Deserialize<string[]>(json, SerializerOptions) ?? [];

    public static string FromEnclosures(IReadOnlyList<ParsedEnclosure>? values) =>
        JsonSerializer.Serialize(values ?? [], SerializerOptions);

    public static IReadOnlyList<ParsedEnclosure> ToEnclosures(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<ParsedEnclosure[]>(json, SerializerOptions) ?? [];
}
