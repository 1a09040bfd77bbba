using FeedHub.Core.Rules;

namespace FeedHub.Tests.Rules;

public sealed class ItemRuleValidationTests
{
    [Theory]
    [InlineData("regex:[", "is invalid")]
    [InlineData("regex:(a)\\1", "is refused")]
    [InlineData("regex:(?<=x)a", "is refused")]
    [InlineData("regex:((a{100}){100}){100}", "is refused")]
    [InlineData("regex:(a{1000}){1000}", "is refused")]
    [InlineData("regex:x*", "matches empty text")]
    [InlineData("words:!!!", "no letters or digits")]
    public void Patterns_that_cannot_run_or_could_run_away_are_refused(string text, string reason)
    {
        (IReadOnlyList<ItemRule> rules, IReadOnlyList<string> errors) = ItemRuleValidation.Parse([text]);

        Assert.Empty(rules);
        Assert.Contains(reason, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_classic_backtracking_bomb_is_accepted_because_the_engine_runs_in_linear_time()
    {
        (IReadOnlyList<ItemRule> rules, IReadOnlyList<string> errors) = ItemRuleValidation.Parse(["regex:(a+)+$"]);
        Assert.Empty(errors);
        var matcher = new ItemRuleMatcher(new ItemRules { Block = rules });

        // Exponential in a backtracking engine; here it finishes and simply does not match.
        RuleVerdict verdict = matcher.Evaluate(new RuleSubject(new string('a', 50_000) + "!", "", [], ""));

        Assert.Null(verdict.BlockedBy);
        Assert.False(verdict.RegexTimedOut);
    }

    [Fact]
    public void Too_many_rules_or_a_too_long_value_are_refused()
    {
        Assert.Contains("At most 50 rules", Assert.Single(ItemRuleValidation.Parse([.. Enumerable.Range(0, 51).Select(i => $"words:w{i}")]).Errors), StringComparison.Ordinal);
        Assert.Contains("longer than 500", Assert.Single(ItemRuleValidation.Parse(["words:" + new string('a', 501)]).Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicates_collapse_into_one_rule()
    {
        Assert.Single(ItemRuleValidation.Parse(["words:iklan", "word:iklan"]).Rules);
    }
}
