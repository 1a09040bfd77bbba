using System.CommandLine;

namespace FeedHub.Worker.Commands;

internal static class SourcesExportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo?>("FILE") { Description = "Where to write the OPML; standard output when absent.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("export", "Write every source as an OPML 2.0 file (tags as categories, FeedHub settings as feedhub: attributes).") { file };
        command.SetAction((parsed, cancellationToken) => AdministrationHost.RunAsync(parsed, async admin =>
        {
            var buffer = new MemoryStream();
            await admin.ExportAsync(buffer, cancellationToken);
            FileInfo? path = parsed.GetValue(file);
            if (path is null)
            {
                await output.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                await output.WriteLineAsync();
                return CommandLineConventions.Success;
            }

            // Written beside the target and moved over it, so a reader never sees half a file.
            string temporary = path.FullName + ".tmp";
            try
            {
                await File.WriteAllBytesAsync(temporary, buffer.ToArray(), cancellationToken);
                File.Move(temporary, path.FullName, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"Cannot write {path.FullName}: {ex.Message}");
                return CommandLineConventions.Failure;
            }

            await output.WriteLineAsync($"Exported sources to {path.FullName}.");
            return CommandLineConventions.Success;
        }, cancellationToken));
        return command;
    }
}
