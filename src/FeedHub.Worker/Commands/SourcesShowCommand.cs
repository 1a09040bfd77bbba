using System.CommandLine;
using FeedHub.Administration;
using FeedHub.Core.Scheduling;
using FeedHub.Worker.Scheduling;

namespace FeedHub.Worker.Commands;

internal static class SourcesShowCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        Argument<long> id = SourceOptions.Id();
        var command = new Command("show", "Everything about one source, including its last error and next poll.") { id };
        command.SetAction((parsed, cancellationToken) => AdministrationHost.RunAsync<IServiceProvider>(parsed, async services =>
        {
            SourceAdministration admin = services.GetRequiredService<SourceAdministration>();
            SourceView? view = await admin.GetAsync(parsed.GetValue(id), cancellationToken);
            if (view is null)
            {
                await error.WriteLineAsync(AdminOutcome.NotFound(parsed.GetValue(id)).Error);
                return CommandLineConventions.Failure;
            }

            await SourceText.WriteDetailsAsync(output, view, services.GetRequiredService<CadenceSettings>());
            return CommandLineConventions.Success;
        }, cancellationToken));
        return command;
    }
}
