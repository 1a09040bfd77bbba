using FeedHub.Core.Rules;

namespace FeedHub.Tests.Rules;

public sealed class ItemRuleSyntaxTests
{
    [Theory]
    [InlineData("words:iklan", RuleMatch.Words, "iklan", RuleFields.All)]
    [InlineData("word: iklan ", RuleMatch.Words, "iklan", RuleFields.All)]
    [InlineData("title:phrase:Kalimantan Selatan", RuleMatch.Phrase, "Kalimantan Selatan", RuleFields.Title)]
    [InlineData("title, content:regex:^a:b", RuleMatch.Regex, "^a:b", RuleFields.Title | RuleFields.Content)]
    [InlineData("Category,AUTHOR:Words:humas", RuleMatch.Words, "humas", RuleFields.Category | RuleFields.Author)]
    public void A_rule_line_names_its_fields_match_and_value(string text, RuleMatch match, string value, RuleFields fields)
    {
        Assert.True(ItemRuleSyntax.TryParse(text, out ItemRule? rule, out string? error), error);
        Assert.Equal(new ItemRule(match, value, fields), rule);
    }

    [Theory]
    [InlineData("words:iklan")]
    [InlineData("title:phrase:Kalimantan Selatan")]
    [InlineData("title,content,author:regex:^\\[ADV\\]")]
    public void Formatting_gives_back_the_canonical_line(string text)
    {
        Assert.True(ItemRuleSyntax.TryParse(text, out ItemRule? rule, out _));
        Assert.Equal(text, rule!.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("iklan", "is not a rule")]
    [InlineData("body:words:iklan", "'body' is neither a field")]
    [InlineData("title:iklan", "names no match kind")]
    [InlineData("words:   ", "nothing to match")]
    public void A_malformed_line_is_refused_with_a_reason(string text, string reason)
    {
        Assert.False(ItemRuleSyntax.TryParse(text, out _, out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
