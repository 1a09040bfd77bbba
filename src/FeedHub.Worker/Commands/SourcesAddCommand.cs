using System.CommandLine;
using FeedHub.Administration;
using FeedHub.Worker.Scheduling;

namespace FeedHub.Worker.Commands;

internal static class SourcesAddCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var url = new Argument<string>("URL") { Description = "The feed's http or https address, or a site's: its feeds are then looked for." };
        Option<string?> title = SourceOptions.Title();
        Option<string[]> tags = SourceOptions.Tags();
        Option<TimeSpan> interval = SourceOptions.Interval("Poll interval, e.g. 00:30:00 or 30m; the configured default when absent.");
        var origin = new Option<bool>("--origin") { Description = "A media center whose stories others republish." };
        Option<string[]> credits = SourceOptions.Credits();
        var noProbe = new Option<bool>("--no-probe") { Description = "Do not fetch the URL once to check that it is a feed (nor look for feeds on a site)." };
        var pick = new Option<int?>("--pick") { Description = "When the site has several feeds: add the Nth one listed (from 1)." };
        var allFound = new Option<bool>("--all-found") { Description = "When the site has several feeds: add them all." };
        var command = new Command(
            "add",
            "Add a source. The URL is checked and fetched once (unless --no-probe); a site's URL is replaced by the feed found on it. With several feeds they are listed and nothing is added unless --pick N or --all-found. Prints the id.")
        {
            url, title, tags, interval, origin, credits, noProbe, pick, allFound,
        };
        var settings = new SourceSettingsOptions();
        settings.AddTo(command, update: false);
        command.SetAction((parsed, cancellationToken) => AdministrationHost.RunAsync(parsed, async admin =>
        {
            var input = new SourceInput
            {
                Url = parsed.GetValue(url),
                Title = parsed.GetValue(title),
                Tags = parsed.GetValue(tags),
                Interval = SourceOptions.IntervalValue(parsed, interval),
                IsOrigin = parsed.GetValue(origin),
                Credits = parsed.GetValue(credits),
                Pick = parsed.GetValue(pick),
                AllFound = parsed.GetValue(allFound),
                UserAgent = settings.UserAgentValue(parsed),
                Headers = await settings.HeadersValueAsync(parsed, cancellationToken),
                Timeout = settings.TimeoutValue(parsed),
                MaxResponseBytes = settings.MaxBytesValue(parsed),
                KeepRules = settings.KeepValue(parsed),
                BlockRules = settings.BlockValue(parsed),
            };
            AdminOutcome outcome = await admin.AddAsync(input, probeFeed: !parsed.GetValue(noProbe), SourcesCommand.Actor, cancellationToken);
            return await FoundFeedsText.ReportAsync(outcome, output, error);
        }, cancellationToken));
        return command;
    }
}
