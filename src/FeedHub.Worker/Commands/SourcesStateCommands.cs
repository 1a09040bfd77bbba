using System.CommandLine;
using FeedHub.Administration;
using FeedHub.Worker.Scheduling;

namespace FeedHub.Worker.Commands;

/// <summary><c>sources pause|resume|remove ID</c>.</summary>
internal static class SourcesStateCommands
{
    public static Command Pause(TextWriter output, TextWriter error) =>
        Enable("pause", "Stop polling a source; it keeps its items and settings.", enabled: false, "Paused", output, error);

    public static Command Resume(TextWriter output, TextWriter error) =>
        Enable("resume", "Poll a paused source again.", enabled: true, "Resumed", output, error);

    public static Command Remove(TextWriter output, TextWriter error)
    {
        Argument<long> id = SourceOptions.Id();
        var purge = new Option<bool>("--purge") { Description = "Also delete its items (and stories only it carried)." };
        var command = new Command("remove", "Remove a source. Its items stay in the merged feeds unless --purge.") { id, purge };
        command.SetAction((parsed, cancellationToken) => AdministrationHost.RunAsync(parsed, async admin =>
        {
            AdminOutcome outcome = await admin.RemoveAsync(parsed.GetValue(id), parsed.GetValue(purge), SourcesCommand.Actor, cancellationToken);
            return await AdministrationHost.ReportAsync(outcome, output, error, parsed.GetValue(purge) ? "Removed and purged" : "Removed");
        }, cancellationToken));
        return command;
    }

    private static Command Enable(string name, string description, bool enabled, string verb, TextWriter output, TextWriter error)
    {
        Argument<long> id = SourceOptions.Id();
        var command = new Command(name, description) { id };
        command.SetAction((parsed, cancellationToken) => AdministrationHost.RunAsync(parsed, async admin =>
        {
            AdminOutcome outcome = await admin.SetEnabledAsync(parsed.GetValue(id), enabled, SourcesCommand.Actor, cancellationToken);
            return await AdministrationHost.ReportAsync(outcome, output, error, verb);
        }, cancellationToken));
        return command;
    }
}
