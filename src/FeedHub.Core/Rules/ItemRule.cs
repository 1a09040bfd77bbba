namespace FeedHub.Core.Rules;

/// <summary>The parts of an item a rule looks at.</summary>
[Flags]
public enum RuleFields
{
    Title = 1,
    Content = 2,
    Category = 4,
    Author = 8,
    All = Title | Content | Category | Author,
}

/// <summary>How a rule's value is matched.</summary>
public enum RuleMatch
{
    /// <summary>Any of the space-separated words occurs as a whole word.</summary>
    Words,

    /// <summary>The words occur together, in this order, as whole words.</summary>
    Phrase,

    /// <summary>A .NET regular expression, case-insensitive, run by the linear-time engine with a time limit.</summary>
    Regex,
}

/// <summary>One keep or block rule of a source, written <c>[FIELDS:]MATCH:VALUE</c>
/// (<see cref="ItemRuleSyntax"/>): <c>words:iklan</c>, <c>title:phrase:Kalimantan Selatan</c>,
/// <c>title,content:regex:^\[ADV\]</c>.</summary>
public sealed record ItemRule(RuleMatch Match, string Value, RuleFields Fields = RuleFields.All)
{
    public override string ToString() => ItemRuleSyntax.Format(this);
}
