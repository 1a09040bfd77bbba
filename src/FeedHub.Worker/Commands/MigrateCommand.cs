using System.CommandLine;

namespace FeedHub.Worker.Commands;

internal static class MigrateCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("migrate", "Apply database migrations and add the configured sources not seeded yet (and what changed in the file), then exit.");
        command.SetAction(async (ParseResult parsed, CancellationToken cancellationToken) =>
        {
            using IHost host = await CommandHost.StartAsync(parsed, cancellationToken);
            await output.WriteLineAsync("Database is up to date.");
            return 0;
        });
        return command;
    }
}
