using System.Globalization;
using FeedHub.Core.Rules;
using FeedHub.Core.Sources;
using FeedHub.Core.Text;

namespace FeedHub.Administration;

/// <summary>Cleans and checks the fields an admin gives a source. Errors are keyed by field name,
/// the way a ValidationProblem reports them.</summary>
internal sealed class SourceFields
{
    public const int MaxTags = 50;
    public const int MaxTagLength = 100;
    public const int MaxCredits = 20;
    public const int MaxCreditLength = 200;
    public const long MinResponseBytes = 1024;

    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>The first error as one line, for the command line.</summary>
    public string FirstError => _errors.Select(e => $"{e.Key}: {e.Value[0]}").FirstOrDefault() ?? "";

    public void Add(string field, string error)
    {
        if (!_errors.TryGetValue(field, out List<string>? list))
        {
            _errors[field] = list = [];
        }

        list.Add(error);
    }

    public string? Title(string? title)
    {
        if (title is null)
        {
            return null;
        }

        string clean = PlainText.CollapseWhitespace(XmlChars.RemoveIllegal(title));
        if (clean.Length > FieldLimits.Title)
        {
            Add("title", $"The title is longer than {FieldLimits.Title} characters.");
        }

        return clean.Length == 0 ? null : clean;
    }

    public IReadOnlyList<string>? Tags(IReadOnlyList<string>? tags) =>
        List("tags", tags, MaxTags, MaxTagLength, [',', '/'], "tag");

    public IReadOnlyList<string>? Credits(IReadOnlyList<string>? credits) =>
        List("credits", credits, MaxCredits, MaxCreditLength, ['|'], "credit");

    public TimeSpan? Interval(TimeSpan? interval)
    {
        if (interval is TimeSpan value && !SourceIntervals.IsValid(value))
        {
            Add("interval", $"The interval must be {SourceIntervals.Range} (was {value:c}).");
        }

        return interval;
    }

    public string? UserAgent(string? userAgent)
    {
        if (userAgent is null)
        {
            return null;
        }

        string trimmed = userAgent.Trim();
        if (RequestHeaderNames.CheckUserAgent(trimmed) is string problem)
        {
            Add("userAgent", problem);
        }

        return trimmed;
    }

    /// <summary>The headers as given (values untouched: a token's spaces are its own).</summary>
    public IReadOnlyDictionary<string, string>? Headers(IReadOnlyDictionary<string, string>? headers)
    {
        if (headers is null)
        {
            return null;
        }

        if (headers.Count > RequestHeaderNames.MaxHeaders)
        {
            Add("headers", $"At most {RequestHeaderNames.MaxHeaders} headers are allowed.");
        }

        var clean = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, string value) in headers)
        {
            string trimmed = (name ?? "").Trim();
            if (RequestHeaderNames.Check(trimmed, value) is string problem)
            {
                Add("headers", problem);
            }
            else if (!clean.TryAdd(trimmed, value))
            {
                Add("headers", $"The header {trimmed} is given twice.");
            }
        }

        return clean;
    }

    public TimeSpan? Timeout(TimeSpan? timeout, TimeSpan maximum)
    {
        if (timeout is TimeSpan value && (value < MinTimeout || value > maximum))
        {
            Add("timeout", $"The timeout must be from {MinTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s to FeedHub:Fetch:Timeout, {maximum.ToString("c", CultureInfo.InvariantCulture)} (was {value.ToString("c", CultureInfo.InvariantCulture)}).");
        }

        return timeout;
    }

    public long? MaxResponseBytes(long? bytes, long maximum)
    {
        if (bytes is long value && (value < MinResponseBytes || value > maximum))
        {
            Add("maxResponseBytes", $"The byte limit must be from {MinResponseBytes} to FeedHub:Fetch:MaxResponseBytes, {maximum} (was {value}).");
        }

        return bytes;
    }

    public IReadOnlyList<ItemRule>? Rules(string field, IReadOnlyList<string>? texts)
    {
        if (texts is null)
        {
            return null;
        }

        (IReadOnlyList<ItemRule> rules, IReadOnlyList<string> errors) = ItemRuleValidation.Parse(texts);
        foreach (string error in errors)
        {
            Add(field, error);
        }

        return rules;
    }

    /// <summary>Folder names and categories from OPML may hold the characters tags cannot.</summary>
    public static string[] CleanImportedTags(IEnumerable<string> tags) => tags
        .Select(t => PlainText.CollapseWhitespace(XmlChars.RemoveIllegal(t.Replace(',', ' ').Replace('/', ' '))))
        .Where(t => t.Length is > 0 and <= MaxTagLength)
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .Take(MaxTags)
        .ToArray();

    private string[]? List(string field, IReadOnlyList<string>? values, int maxCount, int maxLength, char[] forbidden, string noun)
    {
        if (values is null)
        {
            return null;
        }

        string[] clean = values
            .Select(v => PlainText.CollapseWhitespace(XmlChars.RemoveIllegal(v ?? "")))
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        if (clean.Length > maxCount)
        {
            Add(field, $"At most {maxCount} {noun}s are allowed.");
        }

        foreach (string value in clean)
        {
            if (value.Length > maxLength)
            {
                Add(field, $"A {noun} is longer than {maxLength} characters.");
            }

            if (value.IndexOfAny(forbidden) >= 0)
            {
                Add(field, $"A {noun} cannot contain {string.Join(" or ", forbidden.Select(c => $"'{c}'"))} (was '{value}').");
            }
        }

        return clean;
    }
}
