using System.CommandLine;
using FeedHub.Worker.Startup;

namespace FeedHub.Worker.Commands;

internal static class MigrateCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("migrate", "Apply database migrations, add the configured sources not seeded yet (and what changed in the file) index items stored before story matching and before the search index, then exit.");
        command.SetAction(async (ParseResult parsed, CancellationToken cancellationToken) =>
        {
            using IHost host = await CommandHost.StartAsync(parsed, cancellationToken);
            long indexed = await host.Services.GetRequiredService<StoryIndexBackfiller>().RunAsync(TimeSpan.Zero, cancellationToken);
            if (indexed > 0)
            {
                await output.WriteLineAsync($"Indexed {indexed} items stored before story matching.");
            }

            long folded = await host.Services.GetRequiredService<StoryIndexBackfiller>().FoldForSearchAsync(TimeSpan.Zero, cancellationToken);
            if (folded > 0)
            {
                await output.WriteLineAsync($"Indexed {folded} items stored before the search index for search and tag filters.");
            }

            await output.WriteLineAsync("Database is up to date.");
            return 0;
        });
        return command;
    }
}
