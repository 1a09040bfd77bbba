using FeedHub.Core.Sources;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Startup;

/// <summary>Section <c>FeedHub</c>: the sources seeded into the <c>sources</c> table at start-up.</summary>
public sealed class SourcesOptions
{
    public const string Section = "FeedHub";

    public List<ConfiguredSource> Sources { get; set; } = [];
}

internal sealed class SourcesOptionsValidator : IValidateOptions<SourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, SourcesOptions options)
    {
        var failures = new List<string>();
        for (int i = 0; i < options.Sources.Count; i++)
        {
            ConfiguredSource source = options.Sources[i];
            if (!Uri.TryCreate(source.Url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"FeedHub:Sources:{i}:Url must be an absolute http or https URL (was '{source.Url}').");
            }

            if (source.Interval is { } interval && !SourceIntervals.IsValid(interval))
            {
                failures.Add($"FeedHub:Sources:{i}:Interval must be {SourceIntervals.Range} (was {interval:c}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
