using System.CommandLine;
using FeedHub.Worker.Hosting;
using FeedHub.Worker.Startup;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Commands;

/// <summary>The executable's whole command line: the one-shot commands, and the worker when none is given.</summary>
public static class FeedHubCommandLine
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = new FeedHubRootCommand
        {
            RefreshCommand.Create(output, error),
            MigrateCommand.Create(output),
            PurgeCommand.Create(output),
            SourcesCommand.Create(output, error),
            StoriesCommand.Create(output, error),
            StorageCommand.Create(output, error),
            AdminKeyCommand.Create(output, error),
            HealthCommand.Create(output, error),
        };
        root.SetAction(async (ParseResult parsed, CancellationToken token) =>
        {
            WebApplication app = FeedHubApp.Build(FeedHubRootCommand.HostArguments(parsed));

            // Invalid options fail here, as one line naming the key, rather than inside the host's
            // start, which logs them with a stack trace first.
            app.Services.GetRequiredService<IStartupValidator>().Validate();

            // Likewise a database that cannot be used: one line naming it, before the host starts.
            await DatabaseStartup.InitializeAsync(app.Services, token);
            await app.RunAsync(token);
            return CommandLineConventions.Success;
        });
        return CommandLineConventions.InvokeAsync(root, FeedHubRootCommand.GatherConfigurationOverrides(args), output, error, cancellationToken);
    }
}
