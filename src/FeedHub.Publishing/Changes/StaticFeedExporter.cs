using FeedHub.Publishing;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;
using Microsoft.Extensions.Options;

namespace FeedHub.Publishing.Changes;

/// <summary>Writes feed files under <see cref="PublishingOptions.ExportDirectory"/>, at the same
/// relative paths they are served at, each replaced atomically (temporary file, then rename) so a
/// web server never serves half a file.</summary>
internal sealed partial class StaticFeedExporter(IOptions<PublishingOptions> options, ILogger<StaticFeedExporter> logger)
{
    private readonly string? _directory = string.IsNullOrWhiteSpace(options.Value.ExportDirectory)
        ? null
        : Path.GetFullPath(options.Value.ExportDirectory);

    public bool Enabled => _directory is not null;

    public async Task WriteAsync(string relativePath, byte[] body, CancellationToken cancellationToken)
    {
        if (_directory is null)
        {
            return;
        }

        string target = Path.GetFullPath(Path.Combine(_directory, relativePath));
        string folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, body, cancellationToken);
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        LogExported(target, body.Length);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Exported {ExportPath} ({Bytes} bytes)")]
    private partial void LogExported(string exportPath, int bytes);
}
