using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;
using FeedHub.Publishing.Writers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedHub.Worker.Feeds;

/// <summary>/archive/{yyyy-MM}.xml|.atom: the all-stories feed's completed months (RFC 5005 4).</summary>
public static partial class FeedEndpoints
{
    private static async Task<Results<FeedDocumentResult, ProblemHttpResult>> ServeArchiveAsync(HttpContext http, EndpointContext context, string monthName, string formatName)
    {
        if (!FeedFormats.TryFromExtension(formatName, out FeedFormat format) || !ArchiveRenderer.Archives(format))
        {
            return Problem(StatusCodes.Status404NotFound, "No such archive", "Archives are served as .xml (RSS 2.0) and .atom (Atom 1.0).");
        }

        if (!ArchiveMonth.TryParse(monthName, out ArchiveMonth month))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid archive month", $"An archive is named by its month in UTC, as yyyy-MM (2024-05), from {ArchiveMonth.FirstYear}-01.");
        }

        if (http.Request.Query.Count > 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid query", "Archives take no query parameters.");
        }

        // The current month is still changing: its stories are in the subscription feed, not an archive.
        ArchiveMonth current = context.Renderer.CurrentMonth();
        if (month >= current)
        {
            return Problem(StatusCodes.Status404NotFound, "No such archive", $"Only completed months are archived; the stories of {current} and later are in the current feed, /{new FeedRequest { Format = format }.Path}.");
        }

        if (!context.BaseUrl.TryGet(http.Request, out Uri? baseUrl))
        {
            return InvalidHost();
        }

        // The current month is in the key: the newest archive gains its next-archive link when a month ends.
        string key = string.Concat(baseUrl.AbsoluteUri, month.Path(format), "|month:", current.ToString());
        return await ServeAsync(context, key, () => context.Archives.RenderAsync(month, current, format, baseUrl, key, CancellationToken.None), () => EmptyAsync(context, month));
    }

    /// <summary>A month with no stories: 410 when the retention purge deleted its stories (they
    /// will not come back), 404 when it never had any.</summary>
    private static async Task<ProblemHttpResult> EmptyAsync(EndpointContext context, ArchiveMonth month) =>
        await context.Retention.WasMonthPurgedAsync(month.Start, CancellationToken.None)
            ? Problem(StatusCodes.Status410Gone, "Archive gone", $"The stories of {month} were past the retention period (FeedHub:Retention:ItemMaxAge) and were removed.")
            : Problem(StatusCodes.Status404NotFound, "No such archive", "No stories were published in that month.");
}
