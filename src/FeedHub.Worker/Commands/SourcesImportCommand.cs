using System.CommandLine;
using FeedHub.Administration;
using FeedHub.Administration.Opml;
using FeedHub.Worker.Scheduling;

namespace FeedHub.Worker.Commands;

internal static class SourcesImportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An OPML subscription list; folders become tags." };
        var command = new Command(
            "import",
            "Import an OPML file: new URLs are added, existing ones updated (never duplicated). Prints added/updated/skipped/invalid; exits 1 when some outlines were invalid (the rest are imported).")
        {
            file,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            FileInfo path = parsed.GetValue(file)!;
            OpmlDocument document;
            try
            {
                await using FileStream stream = path.OpenRead();
                document = OpmlReader.Read(stream);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OpmlFormatException)
            {
                await error.WriteLineAsync($"Cannot import {path.FullName}: {ex.Message}");
                return CommandLineConventions.Failure;
            }

            return await AdministrationHost.RunAsync(parsed, async admin =>
            {
                ImportSummary summary;
                using (var progress = new TerminalProgress<ImportProgress>(error, p => $"Importing {p.Done}/{p.Total} sources..."))
                {
                    summary = await admin.ImportAsync(document, SourcesCommand.Actor, progress, cancellationToken);
                }

                foreach (OpmlProblem problem in summary.Problems)
                {
                    await error.WriteLineAsync($"{path.Name} line {problem.Line}{(problem.Text is null ? "" : $" ({problem.Text})")}: {problem.Reason}");
                }

                foreach (OpmlProblem note in summary.Notes)
                {
                    await output.WriteLineAsync($"{path.Name} line {note.Line}{(note.Text is null ? "" : $" ({note.Text})")}: {note.Reason}");
                }

                await output.WriteLineAsync(summary.ToString());
                return summary.Invalid == 0 ? CommandLineConventions.Success : CommandLineConventions.Failure;
            }, cancellationToken);
        });
        return command;
    }
}
