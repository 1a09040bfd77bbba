using System.CommandLine;
using FeedHub.Administration;
using FeedHub.Worker.Scheduling;

namespace FeedHub.Worker.Commands;

/// <summary>Runs a <c>sources</c> command against the configured database, migrated first.</summary>
internal static class AdministrationHost
{
    public static Task<int> RunAsync(ParseResult parsed, Func<SourceAdministration, Task<int>> action, CancellationToken cancellationToken) =>
        RunAsync<SourceAdministration>(parsed, action, cancellationToken);

    /// <summary>Runs a command with the use case <typeparamref name="T"/> (source or story administration).</summary>
    public static async Task<int> RunAsync<T>(ParseResult parsed, Func<T, Task<int>> action, CancellationToken cancellationToken)
        where T : notnull
    {
        using IHost host = await CommandHost.StartAsync(parsed, cancellationToken);
        return await action(host.Services.GetRequiredService<T>());
    }

    /// <summary>Prints the outcome: the source on stdout, or the one-line error on stderr.</summary>
    public static async Task<int> ReportAsync(AdminOutcome outcome, TextWriter output, TextWriter error, string verb)
    {
        if (!outcome.Succeeded)
        {
            await error.WriteLineAsync(outcome.Error);
            return CommandLineConventions.Failure;
        }

        await output.WriteLineAsync($"{verb} {SourceText.Summary(outcome.Source!)}");
        return CommandLineConventions.Success;
    }
}
