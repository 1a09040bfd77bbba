namespace FeedHub.Core.Rules;

/// <summary>Reads and writes rules as one line, <c>[FIELDS:]MATCH:VALUE</c>, the same on the command
/// line, in the API, in OPML and in storage. FIELDS is a comma-separated subset of <c>title</c>,
/// <c>content</c>, <c>category</c>, <c>author</c> (all four when absent); MATCH is <c>words</c>,
/// <c>phrase</c> or <c>regex</c>; VALUE is the rest of the line, colons included.</summary>
public static class ItemRuleSyntax
{
    public const string Grammar = "[title,content,category,author:]words|phrase|regex:VALUE";

    private static readonly (string Name, RuleFields Field)[] FieldNames =
    [
        ("title", RuleFields.Title),
        ("content", RuleFields.Content),
        ("category", RuleFields.Category),
        ("author", RuleFields.Author),
    ];

    /// <summary>Parses <paramref name="text"/>; the error says what is wrong when it returns false.
    /// The pattern of a regex rule is not checked here (see <see cref="ItemRuleValidation"/>).</summary>
    public static bool TryParse(string? text, out ItemRule? rule, out string? error)
    {
        rule = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"A rule is empty; write {Grammar}.";
            return false;
        }

        string rest = text.Trim();
        RuleFields fields = RuleFields.All;
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            error = $"'{text}' is not a rule; write {Grammar}.";
            return false;
        }

        string head = rest[..colon].Trim();
        if (!TryMatch(head, out RuleMatch match))
        {
            if (!TryFields(head, out fields, out error))
            {
                return false;
            }

            rest = rest[(colon + 1)..];
            colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !TryMatch(rest[..colon].Trim(), out match))
            {
                error = $"'{text}' names no match kind (words, phrase or regex); write {Grammar}.";
                return false;
            }
        }

        // A regex keeps its spaces; words and phrases are compared word by word anyway.
        string value = rest[(colon + 1)..];
        value = match == RuleMatch.Regex ? value : value.Trim();
        if (value.Trim().Length == 0)
        {
            error = $"'{text}' has nothing to match after '{rest[..(colon + 1)]}'.";
            return false;
        }

        rule = new ItemRule(match, value, fields);
        return true;
    }

    public static string Format(ItemRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        string match = rule.Match.ToString().ToLowerInvariant();
        if (rule.Fields == RuleFields.All)
        {
            return $"{match}:{rule.Value}";
        }

        string fields = string.Join(',', FieldNames.Where(f => rule.Fields.HasFlag(f.Field)).Select(f => f.Name));
        return $"{fields}:{match}:{rule.Value}";
    }

    private static bool TryMatch(string name, out RuleMatch match)
    {
        switch (name.ToLowerInvariant())
        {
            case "words":
            case "word":
                match = RuleMatch.Words;
                return true;
            case "phrase":
                match = RuleMatch.Phrase;
                return true;
            case "regex":
                match = RuleMatch.Regex;
                return true;
            default:
                match = default;
                return false;
        }
    }

    private static bool TryFields(string list, out RuleFields fields, out string? error)
    {
        fields = 0;
        error = null;
        foreach (string part in list.Split(',', StringSplitOptions.TrimEntries))
        {
            (string Name, RuleFields Field) known = FieldNames.FirstOrDefault(f => string.Equals(f.Name, part, StringComparison.OrdinalIgnoreCase));
            if (known.Name is null)
            {
                error = $"'{part}' is neither a field (title, content, category, author) nor a match kind (words, phrase, regex); write {Grammar}.";
                return false;
            }

            fields |= known.Field;
        }

        return true;
    }
}
