using FeedHub.Core.Stories;
using Microsoft.Extensions.Options;

namespace FeedHub.Storage;

/// <summary>Refuses thresholds outside [0, 1] and windows or counts that would make matching
/// silently do nothing, at start-up rather than at the first poll.</summary>
internal sealed class StoryOptionsValidator : IValidateOptions<StoryOptions>
{
    public ValidateOptionsResult Validate(string? name, StoryOptions options)
    {
        List<string> failures = [];
        Share(failures, nameof(options.JoinThreshold), options.JoinThreshold);
        Share(failures, nameof(options.SameSourceThreshold), options.SameSourceThreshold);
        Share(failures, nameof(options.LateThreshold), options.LateThreshold);
        Share(failures, nameof(options.FigureBackedThreshold), options.FigureBackedThreshold);
        Share(failures, nameof(options.FigureAgreement), options.FigureAgreement);
        Share(failures, nameof(options.ShortTextResemblance), options.ShortTextResemblance);
        if (options.CandidateWindow <= TimeSpan.Zero || options.CandidateWindow > TimeSpan.FromDays(90))
        {
            failures.Add($"{StoryOptions.SectionName}:{nameof(options.CandidateWindow)} must be between 1 second and 90 days, not {options.CandidateWindow}.");
        }

        if (options.MaxLag < TimeSpan.Zero)
        {
            failures.Add($"{StoryOptions.SectionName}:{nameof(options.MaxLag)} must not be negative.");
        }

        Count(failures, nameof(options.FigureBackedMinFigures), options.FigureBackedMinFigures, 1);
        Count(failures, nameof(options.MinShingles), options.MinShingles, 1);
        Count(failures, nameof(options.BoilerplateMinItems), options.BoilerplateMinItems, 2);
        Count(failures, nameof(options.BoilerplateHistory), options.BoilerplateHistory, 0);
        Count(failures, nameof(options.KeySamplingRate), options.KeySamplingRate, 1);
        Count(failures, nameof(options.MaxCandidates), options.MaxCandidates, 1);
        Count(failures, nameof(options.CommonAcrossStories), options.CommonAcrossStories, 2);
        Count(failures, nameof(options.MaxStoriesPerKey), options.MaxStoriesPerKey, 1);
        Count(failures, nameof(options.FeatureCacheMegabytes), options.FeatureCacheMegabytes, 1);
        if (options.MaxItemsPerKey < options.MaxStoriesPerKey)
        {
            failures.Add($"{StoryOptions.SectionName}:{nameof(options.MaxItemsPerKey)} must be at least {nameof(options.MaxStoriesPerKey)} ({options.MaxStoriesPerKey}), not {options.MaxItemsPerKey}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Share(List<string> failures, string name, double value)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
        {
            failures.Add($"{StoryOptions.SectionName}:{name} must be between 0 and 1, not {value}.");
        }
    }

    private static void Count(List<string> failures, string name, int value, int min)
    {
        if (value < min)
        {
            failures.Add($"{StoryOptions.SectionName}:{name} must be at least {min}, not {value}.");
        }
    }
}
