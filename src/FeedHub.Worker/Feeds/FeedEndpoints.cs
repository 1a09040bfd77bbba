using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;
using System.Globalization;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Feeds;

/// <summary>The merged feeds subscribers point their readers at, the channels, and the human page.</summary>
public static partial class FeedEndpoints
{
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapFeedHubFeeds(this IEndpointRouteBuilder routes)
    {
        IServiceProvider services = routes.ServiceProvider;
        var context = new EndpointContext(
            services.GetRequiredService<ChangeVersionGate>(),
            services.GetRequiredService<RenderCache>(),
            services.GetRequiredService<FeedRenderer>(),
            services.GetRequiredService<ArchiveRenderer>(),
            services.GetRequiredService<IOptions<PublishingOptions>>().Value,
            services.GetRequiredService<IOptions<ChannelOptions>>().Value,
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FeedEndpoints)));

        routes.MapMethods("/feed.{format}", GetAndHead, (RequestDelegate)(http => ServeFeedAsync(http, context, channelName: null)));
        routes.MapMethods("/channels/{channel}.{format}", GetAndHead, (RequestDelegate)(http => ServeFeedAsync(http, context, (string?)http.Request.RouteValues["channel"])));
        routes.MapMethods("/archive/{month}.{format}", GetAndHead, (RequestDelegate)(http => ServeArchiveAsync(http, context)));
        routes.MapMethods("/", GetAndHead, (RequestDelegate)(http => ServeHomeAsync(http, context)));
        return routes;
    }

    private static async Task ServeFeedAsync(HttpContext http, EndpointContext context, string? channelName)
    {
        if (!FeedFormats.TryFromExtension((string?)http.Request.RouteValues["format"] ?? "", out FeedFormat format))
        {
            await ProblemAsync(http, StatusCodes.Status404NotFound, "No such feed", "Feeds are served as .xml (RSS 2.0), .atom (Atom 1.0) and .json (JSON Feed 1.1).");
            return;
        }

        ChannelDefinition? channel = null;
        if (channelName is not null && (channel = context.Channels.Find(channelName)) is null)
        {
            await ProblemAsync(http, StatusCodes.Status404NotFound, "No such channel", $"There is no channel named '{channelName}'.");
            return;
        }

        if (!FeedQueryParser.TryParse(http.Request.Query, format, channel, context.Options.MaxLimit, out FeedRequest request, out string? problem))
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, "Invalid query", problem);
            return;
        }

        if (!TryBaseUrl(http, context.Options, out Uri? baseUrl))
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, "Invalid host", "The request's Host header does not form a URL.");
            return;
        }

        string key = context.Renderer.FeedKey(baseUrl, request);
        await ServeAsync(http, context, key, () => context.Renderer.RenderFeedAsync(request, baseUrl, key, CancellationToken.None));
    }

    private static async Task ServeHomeAsync(HttpContext http, EndpointContext context)
    {
        // The page takes no parameters; links people share carry tracking ones, which change nothing.
        if (!TryBaseUrl(http, context.Options, out Uri? baseUrl))
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, "Invalid host", "The request's Host header does not form a URL.");
            return;
        }

        string key = baseUrl.AbsoluteUri + "|home";
        await ServeAsync(http, context, key, () => context.Renderer.RenderHomeAsync(baseUrl, key, CancellationToken.None));
    }

    private static async Task ServeAsync(HttpContext http, EndpointContext context, string key, Func<Task<RenderedDocument>> render, bool emptyIsMissing = false)
    {
        RenderedDocument document;
        try
        {
            long version = await context.Versions.CurrentAsync();
            document = await context.Cache.GetAsync(key, version, render);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Never a truncated or empty 200 that a reader would take for "no news".
            LogReadFailed(context.Logger, ex);
            await ProblemAsync(http, StatusCodes.Status503ServiceUnavailable, "Stories unavailable", "The story database is unavailable; try again shortly.");
            return;
        }

        if (emptyIsMissing && document.StoryCount == 0)
        {
            await ProblemAsync(http, StatusCodes.Status404NotFound, "No such archive", "No stories were published in that month.");
            return;
        }

        await DocumentResponse.WriteAsync(http, document, context.CacheControl);
    }

    private static bool TryBaseUrl(HttpContext http, PublishingOptions options, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? baseUrl)
    {
        if (options.PublicBaseUrl is { } configured)
        {
            baseUrl = configured.AbsoluteUri.EndsWith('/') ? configured : new Uri(configured.AbsoluteUri + "/");
            return true;
        }

        return Uri.TryCreate($"{http.Request.Scheme}://{http.Request.Host}/", UriKind.Absolute, out baseUrl);
    }

    private static Task ProblemAsync(HttpContext http, int status, string title, string? detail) =>
        Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(http);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unable to read stories for a merged feed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    private sealed record EndpointContext(
        ChangeVersionGate Versions,
        RenderCache Cache,
        FeedRenderer Renderer,
        ArchiveRenderer Archives,
        PublishingOptions Options,
        ChannelOptions Channels,
        ILogger Logger)
    {
        public string CacheControl { get; } = string.Create(CultureInfo.InvariantCulture, $"public, max-age={(long)Options.CacheMaxAge.TotalSeconds}");
    }
}
