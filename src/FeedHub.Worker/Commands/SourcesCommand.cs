using System.CommandLine;

namespace FeedHub.Worker.Commands;

/// <summary><c>sources ...</c>: the same administration the HTTP API offers, for scripts, cron and
/// shells. Changes are audited with the actor "cli"; a running worker picks them up at its next
/// schedule sync (FeedHub:Scheduling:SyncInterval).</summary>
internal static class SourcesCommand
{
    public const string Actor = "cli";

    public static Command Create(TextWriter output, TextWriter error) => new("sources", "List, add, change, pause, resume, remove, import and export feed sources.")
    {
        SourcesAddCommand.Create(output, error),
        SourcesListCommand.Create(output),
        SourcesShowCommand.Create(output, error),
        SourcesUpdateCommand.Create(output, error),
        SourcesStateCommands.Pause(output, error),
        SourcesStateCommands.Resume(output, error),
        SourcesStateCommands.Remove(output, error),
        SourcesImportCommand.Create(output, error),
        SourcesExportCommand.Create(output, error),
        SourcesAuditCommand.Create(output),
    };
}
