using System.Globalization;
using System.Text.RegularExpressions;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Core.Text;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Writers;
using Microsoft.Extensions.Primitives;

namespace FeedHub.Publishing.Requests;

/// <summary>Reads a feed's query string strictly: an unknown parameter or a bad value is the
/// subscriber's mistake to hear about (400), never silently replaced by a default.</summary>
public static partial class FeedQueryParser
{
    public const int MaxTags = 20;
    public const int MaxSources = 50;
    public const int MaxTagLength = 64;
    public const int MaxQueryLength = 200;
    public const int MaxWords = 10;

    /// <param name="parameters">The query string's parameters; names compare case-insensitively, as HTTP query collections do.</param>
    public static bool TryParse(IEnumerable<KeyValuePair<string, StringValues>> parameters, FeedFormat format, ChannelDefinition? channel, int maxLimit, out FeedRequest request, out string? problem)
    {
        var query = new QueryValues(parameters);
        request = new FeedRequest { Format = format, Channel = channel };
        problem = null;
        foreach (string key in query.Keys)
        {
            if (key is not ("tag" or "source" or "q" or "since" or "limit" or "before"))
            {
                problem = $"Unknown query parameter '{key}'. Known: tag, source, q, since, limit, before.";
                return false;
            }
        }

        if (!TryTags(query["tag"], out List<string> tags, out problem)
            || !TrySources(query["source"], out List<long> sources, out problem)
            || !TryWords(query["q"], out IReadOnlyList<string> words, out problem)
            || !TrySince(query["since"], out DateTimeOffset? since, out problem)
            || !TryLimit(query["limit"], maxLimit, out int? limit, out problem)
            || !TryBefore(query["before"], out StoryCursor? before, out problem))
        {
            return false;
        }

        request = request with { Tags = tags, SourceIds = sources, Words = words, Since = since, Limit = limit, Before = before };
        return true;
    }

    /// <summary>The words of a search: split on white space, at most <see cref="MaxWords"/>; a word
    /// without a letter or digit ("-", "%") is no word (<see cref="SearchFold"/> finds no token in it).</summary>
    public static IReadOnlyList<string> Words(string text) =>
        [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(word => SearchFold.Tokens(word).Length > 0)];

    private static bool TryTags(StringValues values, out List<string> tags, out string? problem)
    {
        problem = null;
        tags = [];
        if (values.Count > MaxTags)
        {
            problem = $"At most {MaxTags} 'tag' parameters are allowed.";
            return false;
        }

        foreach (string? value in values)
        {
            // Folded as stored tags are (case, accents, width, punctuation), so "Café" and "cafe" are one filter and one cache entry.
            string folded = SearchFold.Tag(value);
            if (string.IsNullOrWhiteSpace(value) || value.Length > MaxTagLength || folded.Length == 0)
            {
                problem = $"'tag' must be a tag of at most {MaxTagLength} characters with a letter or digit.";
                return false;
            }

            tags.Add(folded);
        }

        tags = [.. tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return true;
    }

    private static bool TrySources(StringValues values, out List<long> sources, out string? problem)
    {
        problem = null;
        sources = [];
        if (values.Count > MaxSources)
        {
            problem = $"At most {MaxSources} 'source' parameters are allowed.";
            return false;
        }

        foreach (string? value in values)
        {
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long id) || id < 1)
            {
                problem = $"'source' must be a source id, a whole number from 1 (was '{value}').";
                return false;
            }

            sources.Add(id);
        }

        sources = [.. sources.Distinct().Order()];
        return true;
    }

    private static bool TryWords(StringValues values, out IReadOnlyList<string> words, out string? problem)
    {
        problem = null;
        words = [];
        if (values.Count == 0)
        {
            return true;
        }

        string? text = values.Count == 1 ? values[0] : null;
        if (text is null || text.Length > MaxQueryLength || (words = Words(text)).Count == 0 || words.Count > MaxWords)
        {
            problem = $"'q' must be given once, with 1 to {MaxWords} words in at most {MaxQueryLength} characters.";
            return false;
        }

        return true;
    }

    private static bool TrySince(StringValues values, out DateTimeOffset? since, out string? problem)
    {
        problem = null;
        since = null;
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count == 1 && values[0] is { } text && Rfc3339().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
        {
            since = parsed;
            return true;
        }

        problem = "'since' must be given once, as a date (2024-05-07) or an RFC 3339 date-time (2024-05-07T08:00:00+08:00).";
        return false;
    }

    private static bool TryLimit(StringValues values, int maxLimit, out int? limit, out string? problem)
    {
        problem = null;
        limit = null;
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1 && value <= maxLimit)
        {
            limit = value;
            return true;
        }

        problem = $"'limit' must be a whole number from 1 to {maxLimit}.";
        return false;
    }

    private static bool TryBefore(StringValues values, out StoryCursor? before, out string? problem)
    {
        problem = null;
        before = null;
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count == 1 && StoryCursor.TryParse(values[0], out before))
        {
            return true;
        }

        problem = "'before' must be given once, as the page position from a feed's rel=\"next\" link.";
        return false;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:\d{2}))?$")]
    private static partial Regex Rfc3339();
}

/// <summary>Query parameters by name, an absent one reading as no values.</summary>
internal sealed class QueryValues(IEnumerable<KeyValuePair<string, StringValues>> parameters)
{
    private readonly Dictionary<string, StringValues> _values = parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Keys => _values.Keys;

    public StringValues this[string name] => _values.GetValueOrDefault(name);
}
