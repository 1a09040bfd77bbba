using System.Globalization;
using System.Text.RegularExpressions;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using Microsoft.Extensions.Options;

namespace FeedHub.Publishing.Requests;

/// <summary>Section <c>FeedHub:Channels</c>: named merged feeds, served at <c>/channels/{name}.xml|.atom|.json</c>.</summary>
public sealed class ChannelOptions
{
    public const string Section = "FeedHub:Channels";

    public List<ChannelDefinition> Channels { get; set; } = [];

    public ChannelDefinition? Find(string name) =>
        Channels.Find(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}

/// <summary>One channel: stories from any of <see cref="Sources"/> or carrying any of
/// <see cref="Tags"/>, optionally narrowed to those containing every word of <see cref="Query"/>.</summary>
public sealed class ChannelDefinition
{
    /// <summary>Lower-case letters, digits and dashes: it becomes a path segment and a file name.</summary>
    public string Name { get; set; } = "";

    public string? Title { get; set; }

    public string? Description { get; set; }

    public List<string> Tags { get; set; } = [];

    /// <summary>Source ids or feed URLs (URLs survive a rebuilt database; ids do not).</summary>
    public List<string> Sources { get; set; } = [];

    public string? Query { get; set; }

    public IReadOnlyList<long> SourceIds() =>
        [.. Sources.Where(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _)).Select(s => long.Parse(s, CultureInfo.InvariantCulture))];

    public IReadOnlyList<string> SourceUrls() =>
        [.. Sources.Where(s => !long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _))];
}

internal sealed partial class ChannelOptionsValidator : IValidateOptions<ChannelOptions>
{
    public ValidateOptionsResult Validate(string? name, ChannelOptions options)
    {
        List<string> failures = [];
        HashSet<string> names = new(StringComparer.Ordinal);
        for (int i = 0; i < options.Channels.Count; i++)
        {
            ChannelDefinition channel = options.Channels[i];
            string at = $"{ChannelOptions.Section}:{i}";
            if (!ChannelName().IsMatch(channel.Name))
            {
                failures.Add($"{at}:Name must be 1-64 lower-case letters, digits or dashes, starting with a letter or digit (was '{channel.Name}').");
            }
            else if (!names.Add(channel.Name))
            {
                failures.Add($"{at}:Name '{channel.Name}' is used by another channel.");
            }

            if (channel.Tags.Count == 0 && channel.Sources.Count == 0)
            {
                failures.Add($"{at} ('{channel.Name}') needs Tags or Sources.");
            }

            if (channel.Tags.Exists(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{at}:Tags must not contain empty tags.");
            }

            foreach (string source in channel.SourceUrls())
            {
                if (!Uri.TryCreate(source, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    failures.Add($"{at}:Sources: '{source}' is neither a source id nor an absolute http or https feed URL.");
                }
            }

            if (channel.Query is not null && FeedQueryParser.Words(channel.Query).Count == 0)
            {
                failures.Add($"{at}:Query must contain at least one word when set.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex ChannelName();
}
