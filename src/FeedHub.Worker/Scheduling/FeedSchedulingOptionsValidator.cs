using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Scheduling;

/// <summary>The bounds of adaptive polling must make a range, and a new source must start inside it.</summary>
internal sealed class FeedSchedulingOptionsValidator : IValidateOptions<FeedSchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedSchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MinInterval > options.MaxInterval)
        {
            return ValidateOptionsResult.Fail(
                $"{FeedSchedulingOptions.Section}:MinInterval ({options.MinInterval}) must not be longer than {FeedSchedulingOptions.Section}:MaxInterval ({options.MaxInterval}).");
        }

        if (options.DefaultInterval < options.MinInterval || options.DefaultInterval > options.MaxInterval)
        {
            return ValidateOptionsResult.Fail(
                $"{FeedSchedulingOptions.Section}:DefaultInterval ({options.DefaultInterval}) must lie within {FeedSchedulingOptions.Section}:MinInterval ({options.MinInterval}) and MaxInterval ({options.MaxInterval}).");
        }

        return ValidateOptionsResult.Success;
    }
}
