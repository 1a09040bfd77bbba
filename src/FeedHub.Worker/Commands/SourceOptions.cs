using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace FeedHub.Worker.Commands;

/// <summary>Options shared by <c>sources add</c> and <c>sources update</c>.</summary>
internal static class SourceOptions
{
    /// <summary>What "default" parses to: the parser refuses a zero interval, so it means nothing else.</summary>
    private static readonly TimeSpan DefaultInterval = TimeSpan.Zero;

    public static Argument<long> Id() => new("ID") { Description = "The source id (see 'sources list')." };

    public static Option<string?> Title() => new("--title") { Description = "Display title; by default the feed's own." };

    public static Option<string[]> Tags() => new("--tag")
    {
        Description = "A tag (repeatable), e.g. --tag kalsel --tag pemerintah.",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<string[]> Credits() => new("--credit")
    {
        Description = "A name republishers credit this source by, e.g. --credit \"MC Kalsel\" (repeatable).",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<TimeSpan> Interval(string description) => new("--interval")
    {
        Description = description,
        CustomParser = ParseInterval,
    };

    /// <summary>The interval given, or null for none or "default".</summary>
    public static TimeSpan? IntervalValue(ParseResult parsed, Option<TimeSpan> option) =>
        parsed.GetValue(option) is TimeSpan interval && interval != DefaultInterval ? interval : null;

    /// <summary>"00:30:00", "30m", "2h", "90s", or "default".</summary>
    private static TimeSpan ParseInterval(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        if (string.Equals(text, "default", StringComparison.OrdinalIgnoreCase))
        {
            return DefaultInterval;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan parsed) && text.Contains(':', StringComparison.Ordinal) && parsed > TimeSpan.Zero)
        {
            return parsed;
        }

        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) && amount > 0)
        {
            switch (text[^1])
            {
                case 's':
                    return TimeSpan.FromSeconds(amount);
                case 'm':
                    return TimeSpan.FromMinutes(amount);
                case 'h':
                    return TimeSpan.FromHours(amount);
                case 'd':
                    return TimeSpan.FromDays(amount);
            }
        }

        result.AddError($"'{text}' is not an interval: use hh:mm:ss or a number with s, m, h or d (e.g. 00:30:00 or 30m).");
        return DefaultInterval;
    }
}
