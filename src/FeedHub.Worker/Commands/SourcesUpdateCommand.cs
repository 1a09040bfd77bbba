using System.CommandLine;
using FeedHub.Administration;
using FeedHub.Worker.Scheduling;

namespace FeedHub.Worker.Commands;

internal static class SourcesUpdateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        Argument<long> id = SourceOptions.Id();
        var url = new Option<string?>("--url") { Description = "A new feed address." };
        Option<string?> title = SourceOptions.Title();
        Option<string[]> tags = SourceOptions.Tags();
        tags.Description = "Replace the tags with these (repeatable).";
        var noTags = new Option<bool>("--no-tags") { Description = "Remove every tag." };
        Option<TimeSpan> interval = SourceOptions.Interval("New poll interval (00:30:00, 30m...), or 'default'.");
        var origin = new Option<bool?>("--origin") { Description = "true: a media center others republish; false: not.", Arity = ArgumentArity.ExactlyOne };
        Option<string[]> credits = SourceOptions.Credits();
        credits.Description = "Replace the credit names with these (repeatable).";
        var noCredits = new Option<bool>("--no-credits") { Description = "Remove every credit name." };
        var command = new Command("update", "Change a source; what is not given stays as it is.")
        {
            id, url, title, tags, noTags, interval, origin, credits, noCredits,
        };
        var settings = new SourceSettingsOptions();
        settings.AddTo(command, update: true);
        command.Validators.Add(result =>
        {
            if (result.GetResult(tags) is not null && result.GetValue(noTags))
            {
                result.AddError("Give --tag or --no-tags, not both.");
            }

            if (result.GetResult(credits) is not null && result.GetValue(noCredits))
            {
                result.AddError("Give --credit or --no-credits, not both.");
            }
        });
        command.SetAction((parsed, cancellationToken) => AdministrationHost.RunAsync(parsed, async admin =>
        {
            bool intervalGiven = parsed.GetResult(interval) is not null;
            var patch = new SourcePatch
            {
                Url = parsed.GetValue(url),
                Title = parsed.GetValue(title),
                Tags = parsed.GetValue(noTags) ? [] : parsed.GetResult(tags) is null ? null : parsed.GetValue(tags),
                Interval = SourceOptions.IntervalValue(parsed, interval),
                UseDefaultInterval = intervalGiven && SourceOptions.IntervalValue(parsed, interval) is null,
                IsOrigin = parsed.GetValue(origin),
                Credits = parsed.GetValue(noCredits) ? [] : parsed.GetResult(credits) is null ? null : parsed.GetValue(credits),
                UserAgent = settings.UserAgentValue(parsed),
                UseDefaultUserAgent = settings.UserAgentIsDefault(parsed),
                Headers = await settings.HeadersValueAsync(parsed, cancellationToken),
                Timeout = settings.TimeoutValue(parsed),
                UseDefaultTimeout = settings.TimeoutIsDefault(parsed),
                MaxResponseBytes = settings.MaxBytesValue(parsed),
                UseDefaultMaxResponseBytes = settings.MaxBytesIsDefault(parsed),
                KeepRules = settings.KeepValue(parsed),
                BlockRules = settings.BlockValue(parsed),
            };
            AdminOutcome outcome = await admin.UpdateAsync(parsed.GetValue(id), patch, SourcesCommand.Actor, cancellationToken);
            return await AdministrationHost.ReportAsync(outcome, output, error, "Updated");
        }, cancellationToken));
        return command;
    }
}
