using System.Text.RegularExpressions;
using FeedHub.Core.Stories;

namespace FeedHub.Core.Rules;

/// <summary>Decides keep or block for items of one source. Words and phrases are compared as whole
/// words with case and accents folded, the way story matching reads text (<see cref="MatchingText"/>):
/// "kalsel" matches "KALSEL," and "Kalsel." but not "Kalselteng", "iklan" matches "IKLAN" but not
/// "periklanan". Regular expressions run case-insensitively on the plain text, one field (one
/// category) at a time, in the linear-time engine with a time limit.</summary>
public sealed class ItemRuleMatcher
{
    /// <summary>Longest a regular expression may run on one field; past it the rule does not match.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    private readonly Compiled[] _keep;
    private readonly Compiled[] _block;

    public ItemRuleMatcher(ItemRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _keep = rules.Keep.Select(Compile).ToArray();
        _block = rules.Block.Select(Compile).ToArray();
    }

    public bool IsEmpty => _keep.Length == 0 && _block.Length == 0;

    /// <summary>Null when the item is kept, else what blocked it (<see cref="BlockReasons"/>).</summary>
    public RuleVerdict Evaluate(RuleSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (IsEmpty)
        {
            return RuleVerdict.Kept;
        }

        var words = new SubjectWords(subject);
        bool timedOut = false;
        for (int i = 0; i < _block.Length; i++)
        {
            if (_block[i].Matches(subject, words, ref timedOut))
            {
                return new RuleVerdict(BlockReasons.BlockRule(i), timedOut);
            }
        }

        if (_keep.Length == 0)
        {
            return new RuleVerdict(null, timedOut);
        }

        foreach (Compiled keep in _keep)
        {
            if (keep.Matches(subject, words, ref timedOut))
            {
                return new RuleVerdict(null, timedOut);
            }
        }

        return new RuleVerdict(BlockReasons.NoKeepRuleMatched, timedOut);
    }

    /// <summary>The regular expression a regex rule runs, as validation checks it.</summary>
    public static Regex CreateRegex(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, RegexTimeout);

    private static Compiled Compile(ItemRule rule) => rule.Match switch
    {
        RuleMatch.Regex => new Compiled(rule.Fields, [], CreateRegex(rule.Value)),
        RuleMatch.Phrase => new Compiled(rule.Fields, [MatchingText.Words(rule.Value).ToArray()], null),
        _ => new Compiled(
            rule.Fields,
            rule.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(word => MatchingText.Words(word).ToArray())
                .Where(words => words.Length > 0)
                .ToArray(),
            null),
    };

    /// <summary>A rule ready to run: word sequences (a word that folds into several, like "e-KTP",
    /// is a sequence of its own) or a regular expression.</summary>
    private sealed record Compiled(RuleFields Fields, string[][] Sequences, Regex? Regex)
    {
        public bool Matches(RuleSubject subject, SubjectWords words, ref bool timedOut)
        {
            if (Regex is not null)
            {
                return (Fields.HasFlag(RuleFields.Title) && Run(subject.Title, ref timedOut))
                    || (Fields.HasFlag(RuleFields.Content) && Run(subject.Content, ref timedOut))
                    || (Fields.HasFlag(RuleFields.Author) && Run(subject.Author, ref timedOut))
                    || (Fields.HasFlag(RuleFields.Category) && RunAny(subject.Categories, ref timedOut));
            }

            return (Fields.HasFlag(RuleFields.Title) && Contains(words.Title))
                || (Fields.HasFlag(RuleFields.Content) && Contains(words.Content))
                || (Fields.HasFlag(RuleFields.Author) && Contains(words.Author))
                || (Fields.HasFlag(RuleFields.Category) && words.Categories.Any(Contains));
        }

        private bool Contains(string[] text)
        {
            foreach (string[] sequence in Sequences)
            {
                if (sequence.Length > 0 && text.AsSpan().IndexOf(sequence) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private bool RunAny(IReadOnlyList<string> values, ref bool timedOut)
        {
            foreach (string value in values)
            {
                if (Run(value, ref timedOut))
                {
                    return true;
                }
            }

            return false;
        }

        private bool Run(string text, ref bool timedOut)
        {
            if (text.Length == 0)
            {
                return false;
            }

            try
            {
                return Regex!.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                // The linear-time engine makes this rare (only huge fields); an unfinished match is
                // no match, and the caller is told so it can say why.
                timedOut = true;
                return false;
            }
        }
    }

    /// <summary>Each field's words, computed once per item however many rules read them.</summary>
    private sealed class SubjectWords(RuleSubject subject)
    {
        private string[]? _title;
        private string[]? _content;
        private string[]? _author;
        private string[][]? _categories;

        public string[] Title => _title ??= MatchingText.Words(subject.Title).ToArray();
        public string[] Content => _content ??= MatchingText.Words(subject.Content).ToArray();
        public string[] Author => _author ??= MatchingText.Words(subject.Author).ToArray();
        public string[][] Categories => _categories ??= subject.Categories.Select(c => MatchingText.Words(c).ToArray()).ToArray();
    }
}

/// <param name="BlockedBy">Null when the item is kept, else what blocked it (<see cref="BlockReasons"/>).</param>
/// <param name="RegexTimedOut">A regular expression ran out of time on this item and counted as not matching.</param>
public sealed record RuleVerdict(string? BlockedBy, bool RegexTimedOut = false)
{
    public static RuleVerdict Kept { get; } = new(BlockedBy: null);
}
