using System.CommandLine;
using FeedHub.Administration;
using FeedHub.Worker.Scheduling;

namespace FeedHub.Worker.Commands;

internal static class SourcesShowCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        Argument<long> id = SourceOptions.Id();
        var command = new Command("show", "Everything about one source, including its last error and next poll.") { id };
        command.SetAction((parsed, cancellationToken) => AdministrationHost.RunAsync(parsed, async admin =>
        {
            SourceView? view = await admin.GetAsync(parsed.GetValue(id), cancellationToken);
            if (view is null)
            {
                await error.WriteLineAsync(AdminOutcome.NotFound(parsed.GetValue(id)).Error);
                return CommandLineConventions.Failure;
            }

            await SourceText.WriteDetailsAsync(output, view);
            return CommandLineConventions.Success;
        }, cancellationToken));
        return command;
    }
}
