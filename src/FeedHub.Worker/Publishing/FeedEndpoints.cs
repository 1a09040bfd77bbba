using System.Globalization;
using FeedHub.Core.Publishing;
using FeedHub.Core.Storage;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Publishing;

/// <summary>The merged feeds subscribers point their readers at.</summary>
public static partial class FeedEndpoints
{
    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/feed.xml", GetRssAsync);
        return routes;
    }

    private static async Task<IResult> GetRssAsync(
        HttpContext context,
        IStoryReader stories,
        IOptions<PublishingOptions> options,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        PublishingOptions publishing = options.Value;
        if (!TryReadLimit(context.Request.Query, publishing, out int limit, out string? problem))
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Invalid query");
        }

        IReadOnlyList<StoryEntry> entries;
        try
        {
            entries = await stories.LatestStoriesAsync(limit, context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Never a truncated or empty 200 that a reader would take for "no news".
            LogReadFailed(loggers.CreateLogger(typeof(FeedEndpoints)), ex);
            return Results.Problem("The story database is unavailable; try again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        Uri baseUrl = publishing.PublicBaseUrl ?? new Uri($"{context.Request.Scheme}://{context.Request.Host}/");
        var feed = new MergedFeed
        {
            Title = publishing.Title,
            Description = publishing.Description,
            SiteUrl = baseUrl,
            SelfUrl = new Uri(baseUrl, "feed.xml" + context.Request.QueryString),
            Updated = entries.Count > 0 ? entries.Max(e => e.Item.UpdatedAt ?? e.Item.PublishedAt) : time.GetUtcNow(),
            Stories = entries,
        };

        // Rendered in full before the status line goes out, so a failure is a 500, not half a feed.
        var buffer = new MemoryStream();
        RssFeedWriter.Write(buffer, feed);
        buffer.Position = 0;
        return Results.Stream(buffer, "application/rss+xml; charset=utf-8");
    }

    private static bool TryReadLimit(IQueryCollection query, PublishingOptions options, out int limit, out string? problem)
    {
        limit = options.DefaultLimit;
        problem = null;
        foreach (string key in query.Keys)
        {
            if (!string.Equals(key, "limit", StringComparison.Ordinal))
            {
                problem = $"Unknown query parameter '{key}'.";
                return false;
            }
        }

        if (!query.TryGetValue("limit", out var values))
        {
            return true;
        }

        if (values.Count != 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > options.MaxLimit)
        {
            problem = $"'limit' must be a whole number from 1 to {options.MaxLimit}.";
            return false;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unable to read stories for a merged feed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
