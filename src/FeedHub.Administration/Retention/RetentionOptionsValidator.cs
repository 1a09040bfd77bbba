using FeedHub.Core.Retention;
using Microsoft.Extensions.Options;

namespace FeedHub.Administration.Retention;

/// <summary>Refuses retention settings that would purge far more than meant (a max age typed as
/// <c>00:30:00</c> instead of <c>30.00:00:00</c>), at start-up rather than at the first purge.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    private static readonly TimeSpan MinAge = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(36500);

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        List<string> failures = [];
        Age(failures, nameof(options.ItemMaxAge), options.ItemMaxAge);
        Age(failures, nameof(options.AuditMaxAge), options.AuditMaxAge);
        if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > TimeSpan.FromDays(7))
        {
            failures.Add($"{RetentionOptions.SectionName}:{nameof(options.Interval)} must be between 1 second and 7 days, not {options.Interval}.");
        }

        if (options.BatchSize < 10 || options.BatchSize > 10_000)
        {
            failures.Add($"{RetentionOptions.SectionName}:{nameof(options.BatchSize)} must be between 10 and 10000, not {options.BatchSize}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Age(List<string> failures, string name, TimeSpan value)
    {
        if (value != TimeSpan.Zero && (value < MinAge || value > MaxAge))
        {
            failures.Add($"{RetentionOptions.SectionName}:{name} must be 0 (keep everything) or between 1 day and 36500 days, not {value}.");
        }
    }
}
