using System.Globalization;
using FeedHub.Core.Retention;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;
using FeedHub.Publishing.Writers;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Feeds;

/// <summary>The merged feeds subscribers point their readers at, the channels, and the human page.</summary>
public static partial class FeedEndpoints
{
    private const string Tag = "Feeds";
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];
    private static readonly string[] FeedTypes = [FeedFormat.Rss.MediaType(), FeedFormat.Atom.MediaType(), FeedFormat.Json.MediaType()];
    private static readonly string[] ArchiveTypes = [FeedFormat.Rss.MediaType(), FeedFormat.Atom.MediaType()];
    private static readonly string[] PageTypes = ["text/html"];

    /// <summary><c>/feed.xml|.atom|.json</c>, <c>/channels/{name}.xml|.atom|.json</c>, <c>/archive/{yyyy-MM}.xml|.atom</c> and <c>/</c>.</summary>
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
            new FeedBaseUrl(
                services.GetRequiredService<IOptions<PublishingOptions>>().Value,
                services.GetRequiredService<IOptions<HostFilteringOptions>>().Value),
            services.GetRequiredService<IRetentionStore>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FeedEndpoints)));

        RouteGroupBuilder feeds = routes.MapGroup("").WithTags(Tag);
        feeds.MapMethods("/feed.{format}", GetAndHead, (string format, HttpContext http) => ServeFeedAsync(http, context, format, channelName: null))
            .WithSummary("The newest stories across all sources as RSS 2.0 (.xml), Atom 1.0 (.atom) or JSON Feed 1.1 (.json); filters tag, source, q, since, limit, before.")
            .Produces<string>(StatusCodes.Status200OK, contentType: FeedTypes[0], additionalContentTypes: FeedTypes[1..])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .AddOpenApiOperationTransformer(FeedQueryParameters.AddAsync);
        feeds.MapMethods("/channels/{channel}.{format}", GetAndHead, (string channel, string format, HttpContext http) => ServeFeedAsync(http, context, format, channel))
            .WithSummary("A named merged feed from FeedHub:Channels, in the same formats and with the same filters.")
            .Produces<string>(StatusCodes.Status200OK, contentType: FeedTypes[0], additionalContentTypes: FeedTypes[1..])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .AddOpenApiOperationTransformer(FeedQueryParameters.AddAsync);
        feeds.MapMethods("/archive/{month}.{format}", GetAndHead, (string month, string format, HttpContext http) => ServeArchiveAsync(http, context, month, format))
            .WithSummary("A completed UTC month of the all-stories feed (RFC 5005 archive), as RSS 2.0 (.xml) or Atom 1.0 (.atom).")
            .Produces<string>(StatusCodes.Status200OK, contentType: ArchiveTypes[0], additionalContentTypes: ArchiveTypes[1..])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status410Gone);
        // Cast: a lambda of HttpContext alone would bind as a RequestDelegate and drop the typed result.
        feeds.MapMethods("/", GetAndHead, (Delegate)((HttpContext http) => ServeHomeAsync(http, context)))
            .WithSummary("A small HTML page: the channels with subscribe links and the latest stories.")
            .Produces<string>(StatusCodes.Status200OK, contentType: PageTypes[0]);
        return routes;
    }

    private static async Task<Results<FeedDocumentResult, ProblemHttpResult>> ServeFeedAsync(HttpContext http, EndpointContext context, string formatName, string? channelName)
    {
        if (!FeedFormats.TryFromExtension(formatName, out FeedFormat format))
        {
            return Problem(StatusCodes.Status404NotFound, "No such feed", "Feeds are served as .xml (RSS 2.0), .atom (Atom 1.0) and .json (JSON Feed 1.1).");
        }

        ChannelDefinition? channel = null;
        if (channelName is not null && (channel = context.Channels.Find(channelName)) is null)
        {
            return Problem(StatusCodes.Status404NotFound, "No such channel", $"There is no channel named '{channelName}'.");
        }

        if (!FeedQueryParser.TryParse(http.Request.Query, format, channel, context.Options.MaxLimit, out FeedRequest request, out string? problem))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid query", problem);
        }

        if (!context.BaseUrl.TryGet(http.Request, out Uri? baseUrl))
        {
            return InvalidHost();
        }

        string key = context.Renderer.FeedKey(baseUrl, request);
        return await ServeAsync(context, key, () => context.Renderer.RenderFeedAsync(request, baseUrl, key, CancellationToken.None));
    }

    private static async Task<Results<FeedDocumentResult, ProblemHttpResult>> ServeHomeAsync(HttpContext http, EndpointContext context)
    {
        // The page takes no parameters; links people share carry tracking ones, which change nothing.
        if (!context.BaseUrl.TryGet(http.Request, out Uri? baseUrl))
        {
            return InvalidHost();
        }

        string key = baseUrl.AbsoluteUri + "|home";
        return await ServeAsync(context, key, () => context.Renderer.RenderHomeAsync(baseUrl, key, CancellationToken.None));
    }

    private static async Task<Results<FeedDocumentResult, ProblemHttpResult>> ServeAsync(
        EndpointContext context, string key, Func<Task<RenderedDocument>> render, Func<Task<ProblemHttpResult>>? whenEmpty = null)
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
            return Problem(StatusCodes.Status503ServiceUnavailable, "Stories unavailable", "The story database is unavailable; try again shortly.");
        }

        if (whenEmpty is not null && document.StoryCount == 0)
        {
            try
            {
                return await whenEmpty();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReadFailed(context.Logger, ex);
                return Problem(StatusCodes.Status503ServiceUnavailable, "Stories unavailable", "The story database is unavailable; try again shortly.");
            }
        }

        return new FeedDocumentResult(document, context.CacheControl);
    }

    // The host is not echoed: a document naming it is what this refusal prevents.
    private static ProblemHttpResult InvalidHost() =>
        Problem(StatusCodes.Status400BadRequest, "Host not allowed",
            "Feeds link to themselves, and this server was not told to use the request's host for that. Set FeedHub:Publishing:PublicBaseUrl, or list the host in AllowedHosts.");

    private static ProblemHttpResult Problem(int status, string title, string? detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unable to read stories for a merged feed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    private sealed record EndpointContext(
        ChangeVersionGate Versions,
        RenderCache Cache,
        FeedRenderer Renderer,
        ArchiveRenderer Archives,
        PublishingOptions Options,
        ChannelOptions Channels,
        FeedBaseUrl BaseUrl,
        IRetentionStore Retention,
        ILogger Logger)
    {
        public string CacheControl { get; } = string.Create(CultureInfo.InvariantCulture, $"public, max-age={(long)Options.CacheMaxAge.TotalSeconds}");
    }
}
