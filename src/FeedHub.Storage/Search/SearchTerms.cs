using FeedHub.Core.Text;

namespace FeedHub.Storage.Search;

/// <summary>A <c>q</c> search as the engines match it: each word folded (<see cref="SearchFold"/>)
/// into a phrase of tokens that must appear in that order in an item's folded text, the last
/// one as a word prefix ("banjar" finds "Banjarmasin", "covid-19" finds "Covid-19" but not
/// "19 covid"); every phrase must appear. The engine syntax is built here from tokens made only
/// of letters, digits and marks, so no user text reaches a query language unquoted.</summary>
internal sealed class SearchTerms
{
    private SearchTerms(IReadOnlyList<string[]> phrases)
    {
        Phrases = phrases;
    }

    public IReadOnlyList<string[]> Phrases { get; }

    /// <summary>Null when there are no words; a word with no letter or digit matches nothing, so
    /// its search is <see cref="MatchesNothing"/>.</summary>
    public static SearchTerms? From(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return null;
        }

        return new SearchTerms([.. words.Select(SearchFold.Tokens)]);
    }

    public bool MatchesNothing => Phrases.Any(phrase => phrase.Length == 0);

    /// <summary>SQLite FTS5: <c>"kota banjar"* AND "covid 19"*</c>.</summary>
    public string ToFts5() =>
        string.Join(" AND ", Phrases.Select(phrase => "\"" + string.Join(' ', phrase).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"*"));

    /// <summary>PostgreSQL tsquery text (read by the tsquery input function, no parser):
    /// <c>('kota' &lt;-&gt; 'banjar':*) &amp; ('covid' &lt;-&gt; '19':*)</c>.</summary>
    public string ToTsQuery() =>
        string.Join(" & ", Phrases.Select(phrase =>
            "(" + string.Join(" <-> ", phrase.Select((token, i) => Quote(token) + (i == phrase.Length - 1 ? ":*" : ""))) + ")"));

    private static string Quote(string token) =>
        "'" + token.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
