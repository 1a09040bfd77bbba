using System.CommandLine;
using FeedHub.Ingestion.Secrets;

namespace FeedHub.Worker.Commands;

internal static class SourcesExportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo?>("FILE") { Description = "Where to write the OPML; standard output when absent.", Arity = ArgumentArity.ZeroOrOne };
        var includeSecrets = new Option<bool>("--include-secrets")
        {
            Description = "Also write the sources' request headers, in clear (tokens, cookies). Without it the file holds none.",
        };
        var command = new Command("export", "Write every source as an OPML 2.0 file (tags as categories, FeedHub settings and rules as feedhub: attributes).") { file, includeSecrets };
        command.SetAction((parsed, cancellationToken) => AdministrationHost.RunAsync(parsed, async admin =>
        {
            var buffer = new MemoryStream();
            bool secrets = parsed.GetValue(includeSecrets);
            try
            {
                await admin.ExportAsync(buffer, secrets, cancellationToken);
            }
            catch (SecretUnavailableException ex)
            {
                await error.WriteLineAsync($"Cannot export the request headers: {ex.Message}.");
                return CommandLineConventions.Failure;
            }

            if (secrets)
            {
                await admin.RecordAsync(SourcesCommand.Actor, "export", null, "exported the sources with their request headers", cancellationToken);
            }

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
