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
