using System.Text.Json;
using FeedHub.Core.Items;
using FeedHub.Ingestion.Parsing;

namespace FeedHub.Tests.Conformance;

/// <summary>Runs one feedparser fixture through <see cref="FeedParser"/> and judges it.</summary>
public static class FeedparserConformance
{
    /// <summary>Subsets whose expectations belong to another layer than the parser, with why.</summary>
    public static readonly IReadOnlyDictionary<string, string> ExcludedSubsets = new Dictionary<string, string>
    {
        ["wellformed/sanitize"] = "expected values are sanitized HTML: that is the normalizer's HtmlSanitizer, not the parser (SanitizeCorpusTests runs all 745 through parse and normalize and checks nothing executable is stored)",
        ["wellformed/base"] = "expected values are URIs resolved against xml:base/Content-Location: the normalizer resolves links (the parser reports BaseUri)",
        ["wellformed/cdf"] = "Microsoft CDF (1997) is not a format FeedHub accepts (RSS, Atom and JSON Feed are); such documents are refused as not a feed",
        ["illformed/chardet"] = "needs statistical charset guessing (Python chardet; upstream skips them without it); FeedHub's rule is UTF-8 with replacement",
    };

    public sealed record Outcome(bool Applicable, bool Passed, string Reason);

    public static Outcome Run(FeedparserExpectation expectation, string corpusRoot)
    {
        if (ExcludedSubsets.TryGetValue(expectation.Subset, out string? why))
        {
            return new(false, false, why);
        }

        var otherHeaders = expectation.Headers.Keys.Where(h => !h.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).ToList();
        if (otherHeaders.Count > 0)
        {
            return new(false, false, $"depends on HTTP header(s) {string.Join(", ", otherHeaders)}, which reach the fetcher, not FeedDocument");
        }

        if (expectation.Path.Contains("relative_uri", StringComparison.Ordinal))
        {
            return new(false, false, "expected values have relative URIs resolved inside embedded HTML: the normalizer's job");
        }

        if (!expectation.Structured)
        {
            return new(false, false, "expression is not machine-readable (isinstance/locals/datetime/or)");
        }

        var unmapped = expectation.Asserts.SelectMany(a => a.Op == "eq_path" ? [a.Path, ToPath(a.Value)] : new[] { a.Path })
            .Where(p => !FeedparserPathMap.IsMapped(p))
            .Select(p => new FeedparserAssert(p, "", default).PathText)
            .Distinct()
            .ToList();
        if (unmapped.Count > 0)
        {
            return new(false, false, "no FeedHub model for " + string.Join(", ", unmapped));
        }

        byte[] body = File.ReadAllBytes(Path.Combine(corpusRoot, expectation.Path));
        string? contentType = expectation.Http
            ? expectation.Headers.TryGetValue("Content-Type", out string? declared) ? declared : "text/xml"
            : null;
        var document = new FeedDocument(body, contentType, new Uri("http://127.0.0.1:8097/" + expectation.Path));

        ParsedFeed? feed = null;
        string? failure = null;
        try
        {
            feed = new FeedParser().Parse(document);
        }
        catch (FeedParseException exception)
        {
            failure = exception.Message;
        }

        bool bozo = failure is not null || feed!.Repaired;
        if (expectation.Bozo is bool expectedBozo && expectedBozo != bozo)
        {
            return new(true, false, expectedBozo ? "expected bozo, parsed cleanly" : "unexpected bozo: " + (failure ?? "needed the repair pass"));
        }

        if (expectation.Asserts.Count == 0)
        {
            // "Expect: 1" fixtures only ask that parsing survives; a FeedParseException is a clean refusal.
            return new(true, true, string.Empty);
        }

        if (feed is null)
        {
            return new(true, false, "refused: " + failure);
        }

        foreach (FeedparserAssert check in expectation.Asserts)
        {
            string? problem = Check(feed, check);
            if (problem is not null)
            {
                return new(true, false, problem);
            }
        }

        return new(true, true, string.Empty);
    }

    private static string? Check(ParsedFeed feed, FeedparserAssert check)
    {
        object? actual = FeedparserPathMap.Resolve(feed, check.Path).Value;
        string where = check.PathText;
        switch (check.Op)
        {
            case "eq":
                return Same(actual, check.Value) ? null : $"{where}: expected {check.Value.GetRawText()}, got {Show(actual)}";
            case "ne":
                return !Same(actual, check.Value) ? null : $"{where}: expected anything but {check.Value.GetRawText()}";
            case "len_eq":
                return actual is int count && count == check.Value.GetInt32() ? null : $"{where}: expected length {check.Value.GetInt32()}, got {Show(actual)}";
            case "truthy":
                return Truthy(actual) ? null : $"{where}: expected a value, got {Show(actual)}";
            case "falsy":
                return !Truthy(actual) ? null : $"{where}: expected no value, got {Show(actual)}";
            case "ord_eq":
                return actual is string { Length: > 0 } s && char.ConvertToUtf32(s.Trim(), 0) == check.Value.GetInt32() && s.Trim().Length <= 2
                    ? null : $"{where}: expected the single character U+{check.Value.GetInt32():X4}, got {Show(actual)}";
            case "eq_path":
                object? other = FeedparserPathMap.Resolve(feed, ToPath(check.Value)).Value;
                return Equals(Normalize(actual), Normalize(other)) ? null : $"{where}: expected equal to {Show(other)}, got {Show(actual)}";
            default:
                return $"{where}: operator {check.Op} not supported";
        }
    }

    private static bool Same(object? actual, JsonElement expected) => expected.ValueKind switch
    {
        // FeedHub reports an empty element as absent (null); feedparser as "".
        JsonValueKind.String => SameString(actual as string, expected.GetString() ?? string.Empty),
        JsonValueKind.Number => actual is int i ? i == expected.GetInt32() : actual is string n && n.Trim() == expected.GetRawText(),
        JsonValueKind.Array => actual is int[] tuple && tuple.SequenceEqual(expected.EnumerateArray().Select(e => e.GetInt32())),
        JsonValueKind.Null => actual is null,
        _ => false,
    };

    private static bool SameString(string? actual, string expected)
    {
        if (string.Equals((actual ?? string.Empty).Trim(), expected.Trim(), StringComparison.Ordinal))
        {
            return actual is not null || expected.Trim().Length == 0;
        }

        // feedparser re-serializes every HTML value (sorted attributes, "<br />", quoting): HTML
        // compares as HTML.
        return actual is not null && HtmlEquivalence.LooksLikeMarkup(expected) && HtmlEquivalence.Same(actual, expected);
    }

    /// <summary>feedparser strips surrounding whitespace from every value; the parser keeps it raw
    /// (the normalizer trims), so compare trimmed.</summary>
    private static object? Normalize(object? value) => value is string s ? s.Trim() : value;

    private static bool Truthy(object? value) => value switch
    {
        null => false,
        string s => s.Trim().Length > 0,
        int i => i != 0,
        _ => true,
    };

    private static string Show(object? value) => value switch
    {
        null => "nothing",
        string s => JsonSerializer.Serialize(s, ShowOptions),
        int[] tuple => "[" + string.Join(", ", tuple) + "]",
        _ => value.ToString() ?? "?",
    };

    private static readonly JsonSerializerOptions ShowOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static List<JsonElement> ToPath(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [];
}
