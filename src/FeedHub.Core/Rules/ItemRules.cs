namespace FeedHub.Core.Rules;

/// <summary>A source's keep and block rules. An item is blocked when a block rule matches it, or
/// when there are keep rules and none matches it; block rules win over keep rules.</summary>
public sealed record ItemRules
{
    public static ItemRules None { get; } = new();

    public IReadOnlyList<ItemRule> Keep { get; init; } = [];
    public IReadOnlyList<ItemRule> Block { get; init; } = [];

    public bool IsEmpty => Keep.Count == 0 && Block.Count == 0;

    /// <summary>Same rules in the same order.</summary>
    public bool SameAs(ItemRules other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Keep.SequenceEqual(other.Keep) && Block.SequenceEqual(other.Block);
    }
}

/// <summary>What blocked an item, as stored with it: the 1-based number of the block rule, or
/// <see cref="NoKeepRuleMatched"/>. Rules are re-evaluated whenever they change, so a number
/// always refers to the rule list as it is now.</summary>
public static class BlockReasons
{
    public const string NoKeepRuleMatched = "keep";

    public static string BlockRule(int index) => $"block {index + 1}";

    /// <summary>"block 2: words:iklan" or "no keep rule matched", for people.</summary>
    public static string Describe(string reason, ItemRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (reason == NoKeepRuleMatched)
        {
            return "no keep rule matched";
        }

        if (reason.StartsWith("block ", StringComparison.Ordinal)
            && int.TryParse(reason.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture, out int number)
            && number >= 1 && number <= rules.Block.Count)
        {
            return $"{reason}: {rules.Block[number - 1]}";
        }

        return reason;
    }
}
