using System.CommandLine;
using FeedHub.Storage;
using FeedHub.Worker.Startup;

namespace FeedHub.Worker.Commands;

internal static class MigrateCommand
{
    public static Command Create(TextWriter output)
    {
        var script = new Option<bool>("--script")
        {
            Description = "Print the SQL that would bring the configured database to this version (history table, "
                + "each missing script and its version record, one transaction each) instead of running it; writes nothing.",
        };
        var command = new Command("migrate", "Apply database migrations, add the configured sources not seeded yet (and what changed in the file) and index items stored before story matching, then exit.")
        {
            script,
        };
        command.SetAction(async (ParseResult parsed, CancellationToken cancellationToken) =>
            parsed.GetValue(script) ? await PrintScriptAsync(parsed, output, cancellationToken) : await MigrateAsync(parsed, output, cancellationToken));
        return command;
    }

    private static async Task<int> MigrateAsync(ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        using IHost host = await CommandHost.StartAsync(parsed, cancellationToken);
        long indexed = await host.Services.GetRequiredService<StoryIndexBackfiller>().RunAsync(TimeSpan.Zero, cancellationToken);
        if (indexed > 0)
        {
            await output.WriteLineAsync($"Indexed {indexed} items stored before story matching.");
        }

        await output.WriteLineAsync("Database is up to date.");
        return CommandLineConventions.Success;
    }

    private static async Task<int> PrintScriptAsync(ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        using IHost host = await CommandHost.StartAsync(parsed, cancellationToken, initializeDatabase: false);
        await output.WriteAsync(await host.Services.GetRequiredService<DatabaseMigrator>().ScriptAsync(cancellationToken));
        return CommandLineConventions.Success;
    }
}
