using System.Text.RegularExpressions;
using FeedHub.Core.Stories;

namespace FeedHub.Core.Rules;

/// <summary>Parses and checks the rules an admin gives a source, so a rule that cannot run, or
/// could run for long, is refused at once instead of misbehaving on every poll.</summary>
public static class ItemRuleValidation
{
    public const int MaxRules = 50;
    public const int MaxValueLength = 500;

    // Text a slow pattern chokes on: long runs of one letter, of spaces, of a word repeated.
    private static readonly string Probe =
        new string('a', 10_000) + "!" + string.Concat(Enumerable.Repeat("kalsel ", 500)) + new string(' ', 1_000) + "x";

    /// <summary>The rules of <paramref name="texts"/>, or the errors that refuse them.</summary>
    public static (IReadOnlyList<ItemRule> Rules, IReadOnlyList<string> Errors) Parse(IReadOnlyList<string>? texts)
    {
        var rules = new List<ItemRule>();
        var errors = new List<string>();
        if (texts is null)
        {
            return (rules, errors);
        }

        if (texts.Count > MaxRules)
        {
            errors.Add($"At most {MaxRules} rules are allowed (were {texts.Count}).");
            return (rules, errors);
        }

        foreach (string text in texts)
        {
            if (!ItemRuleSyntax.TryParse(text, out ItemRule? rule, out string? error))
            {
                errors.Add(error!);
                continue;
            }

            if (Check(rule!) is string problem)
            {
                errors.Add(problem);
                continue;
            }

            if (!rules.Contains(rule!))
            {
                rules.Add(rule!);
            }
        }

        return (rules, errors);
    }

    /// <summary>Why <paramref name="rule"/> cannot be used; null when it can.</summary>
    public static string? Check(ItemRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Value.Length > MaxValueLength)
        {
            return $"The rule '{Shorten(rule.Value)}' is longer than {MaxValueLength} characters.";
        }

        if (rule.Value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return "A rule must be a single line.";
        }

        if (rule.Match != RuleMatch.Regex)
        {
            return MatchingText.Words(rule.Value).Count == 0
                ? $"The rule '{rule}' has no letters or digits to match."
                : null;
        }

        Regex regex;
        try
        {
            regex = ItemRuleMatcher.CreateRegex(rule.Value);
        }
        catch (RegexParseException ex)
        {
            return $"The regular expression '{Shorten(rule.Value)}' is invalid: {ex.Message}";
        }
        catch (NotSupportedException ex)
        {
            // The linear-time engine refuses backreferences, lookarounds, atomic groups, and patterns
            // whose automaton would be huge (nested counted repeats): exactly what could run away.
            return $"The regular expression '{Shorten(rule.Value)}' is refused: {ex.Message}";
        }

        try
        {
            regex.IsMatch(Probe);
        }
        catch (RegexMatchTimeoutException)
        {
            return $"The regular expression '{Shorten(rule.Value)}' is refused: it takes longer than {ItemRuleMatcher.RegexTimeout.TotalMilliseconds:0} ms on a test text.";
        }

        if (regex.IsMatch(""))
        {
            return $"The regular expression '{Shorten(rule.Value)}' matches empty text, so it would match every item.";
        }

        return null;
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";
}
