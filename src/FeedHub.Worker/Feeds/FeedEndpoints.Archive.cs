using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;

namespace FeedHub.Worker.Feeds;

/// <summary>/archive/{yyyy-MM}.xml|.atom: the all-stories feed's completed months (RFC 5005 4).</summary>
public static partial class FeedEndpoints
{
    private static async Task ServeArchiveAsync(HttpContext http, EndpointContext context)
    {
        if (!FeedFormats.TryFromExtension((string?)http.Request.RouteValues["format"] ?? "", out FeedFormat format) || !ArchiveRenderer.Archives(format))
        {
            await ProblemAsync(http, StatusCodes.Status404NotFound, "No such archive", "Archives are served as .xml (RSS 2.0) and .atom (Atom 1.0).");
            return;
        }

        if (!ArchiveMonth.TryParse((string?)http.Request.RouteValues["month"], out ArchiveMonth month))
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, "Invalid archive month", $"An archive is named by its month in UTC, as yyyy-MM (2024-05), from {ArchiveMonth.FirstYear}-01.");
            return;
        }

        if (http.Request.Query.Count > 0)
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, "Invalid query", "Archives take no query parameters.");
            return;
        }

        // The current month is still changing: its stories are in the subscription feed, not an archive.
        ArchiveMonth current = context.Renderer.CurrentMonth();
        if (month >= current)
        {
            await ProblemAsync(http, StatusCodes.Status404NotFound, "No such archive", $"Only completed months are archived; the stories of {current} and later are in the current feed, /{new FeedRequest { Format = format }.Path}.");
            return;
        }

        if (!TryBaseUrl(http, context.Options, out Uri? baseUrl))
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, "Invalid host", "The request's Host header does not form a URL.");
            return;
        }

        // The current month is in the key: the newest archive gains its next-archive link when a month ends.
        string key = string.Concat(baseUrl.AbsoluteUri, month.Path(format), "|month:", current.ToString());
        await ServeAsync(http, context, key, () => context.Archives.RenderAsync(month, current, format, baseUrl, key, CancellationToken.None), emptyIsMissing: true);
    }
}
