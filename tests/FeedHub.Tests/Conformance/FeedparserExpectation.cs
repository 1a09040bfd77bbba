using System.Text.Json;

namespace FeedHub.Tests.Conformance;

/// <summary>One line of the corpus's expectations.jsonl (see its README).</summary>
public sealed record FeedparserExpectation(
    string Path,
    string Expect,
    bool Http,
    IReadOnlyDictionary<string, string> Headers,
    bool Structured,
    bool? Bozo,
    IReadOnlyList<FeedparserAssert> Asserts)
{
    /// <summary>"wellformed/rss", "encoding", "illformed/chardet", ...</summary>
    public string Subset
    {
        get
        {
            string[] parts = Path.Split('/');
            return parts.Length > 2 && parts[0] is "wellformed" or "illformed" ? parts[0] + "/" + parts[1] : parts[0];
        }
    }

    public static IReadOnlyList<FeedparserExpectation> Load(string file) =>
        File.ReadLines(file).Where(l => l.Length > 0).Select(Parse).ToList();

    private static FeedparserExpectation Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        JsonElement root = json.RootElement;
        var headers = root.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        var asserts = root.GetProperty("asserts").ValueKind == JsonValueKind.Array
            ? root.GetProperty("asserts").EnumerateArray().Select(a => new FeedparserAssert(
                a.GetProperty("path").EnumerateArray().Select(p => p.Clone()).ToList(),
                a.GetProperty("op").GetString()!,
                a.TryGetProperty("value", out JsonElement v) ? v.Clone() : default)).ToList()
            : [];
        return new FeedparserExpectation(
            root.GetProperty("path").GetString()!,
            root.GetProperty("expect").GetString()!,
            root.GetProperty("http").GetBoolean(),
            headers,
            root.GetProperty("structured").GetBoolean(),
            root.GetProperty("bozo").ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null },
            asserts);
    }
}

public sealed record FeedparserAssert(IReadOnlyList<JsonElement> Path, string Op, JsonElement Value)
{
    public string PathText => string.Concat(Path.Select((p, i) => p.ValueKind == JsonValueKind.Number ? $"[{p.GetInt32()}]" : (i == 0 ? p.GetString() : "." + p.GetString())));
}
