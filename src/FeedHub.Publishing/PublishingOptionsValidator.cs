using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;
using Microsoft.Extensions.Options;

namespace FeedHub.Publishing;

/// <summary>The rules data annotations cannot say: limits that agree, absolute http(s) URLs, and
/// a public address wherever feeds are produced without a request to take it from.</summary>
internal sealed class PublishingOptionsValidator : IValidateOptions<PublishingOptions>
{
    public ValidateOptionsResult Validate(string? name, PublishingOptions options)
    {
        List<string> failures = [];
        if (options.DefaultLimit > options.MaxLimit)
        {
            failures.Add($"{PublishingOptions.Section}:DefaultLimit ({options.DefaultLimit}) must not exceed MaxLimit ({options.MaxLimit}).");
        }

        if (options.PublicBaseUrl is { } baseUrl && !IsHttp(baseUrl))
        {
            failures.Add($"{PublishingOptions.Section}:PublicBaseUrl must be an absolute http or https URL (was '{baseUrl}').");
        }

        for (int i = 0; i < options.WebSubHubs.Count; i++)
        {
            if (!IsHttp(options.WebSubHubs[i]))
            {
                failures.Add($"{PublishingOptions.Section}:WebSubHubs:{i} must be an absolute http or https URL (was '{options.WebSubHubs[i]}').");
            }
        }

        if (options.PublishesOnChange && options.PublicBaseUrl is null)
        {
            failures.Add($"{PublishingOptions.Section}:PublicBaseUrl is required with WebSubHubs or ExportDirectory: hubs and exported files need the feeds' public addresses.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
