using System.Globalization;
using FeedHub.Administration;
using FeedHub.Administration.Discovery;

namespace FeedHub.Worker.Commands;

/// <summary>How <c>sources add</c> reports what it did with a site's URL: the source(s) added and where
/// they were found, or the feeds to choose from.</summary>
internal static class FoundFeedsText
{
    public static async Task<int> ReportAsync(AdminOutcome outcome, TextWriter output, TextWriter error)
    {
        if (outcome.Status is AdminStatus.MultipleFeeds || (outcome.Status is AdminStatus.Invalid && outcome.Found is not null))
        {
            await error.WriteLineAsync(outcome.Error);
            await WriteListAsync(output, outcome.Found!);
            await error.WriteLineAsync("Run again with --pick N to add one of them, or --all-found to add them all.");
            return CommandLineConventions.Failure;
        }

        if (!outcome.Succeeded || outcome.FoundOn is null)
        {
            return await AdministrationHost.ReportAsync(outcome, output, error, "Added");
        }

        foreach (SourceView added in outcome.Added)
        {
            await output.WriteLineAsync($"Added {SourceText.Summary(added)}, found on {outcome.FoundOn.OriginalString}");
        }

        return CommandLineConventions.Success;
    }

    private static async Task WriteListAsync(TextWriter output, IReadOnlyList<DiscoveredFeed> found)
    {
        for (int i = 0; i < found.Count; i++)
        {
            DiscoveredFeed feed = found[i];
            string number = (i + 1).ToString(CultureInfo.InvariantCulture);
            await output.WriteLineAsync($"{number}. {feed.Url.AbsoluteUri}  {feed.Title ?? "(untitled)"}  ({feed.Type})");
        }
    }
}
