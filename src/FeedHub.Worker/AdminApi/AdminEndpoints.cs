using FeedHub.Worker.AdminApi.Auth;

namespace FeedHub.Worker.AdminApi;

public static partial class AdminEndpoints
{
    public const string PolicyName = "FeedHubAdmin";

    /// <summary>Maps <c>/api/sources...</c> and <c>/api/audit</c>, each requiring an admin key and
    /// rate limited; the authentication and rate-limiting middleware run in the host's pipeline.</summary>
    public static IEndpointRouteBuilder MapFeedHubAdminApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        RouteGroupBuilder api = routes.MapGroup("/api")
            .RequireAuthorization(PolicyName)
            .RequireRateLimiting(AdminRateLimiting.PolicyName);
        api.MapSourceEndpoints();
        api.MapAuditEndpoints();
        api.MapStoryEndpoints();

        // Said once the host has started: a worker refused for its configuration prints that one line only.
        IServiceProvider services = routes.ServiceProvider;
        if (!services.GetRequiredService<ApiKeyVerifier>().Enabled)
        {
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(
                () => LogDisabled(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminEndpoints))));
        }

        return routes;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The admin API is disabled: no key is configured in FeedHub:Admin:ApiKeys (run 'FeedHub.Worker admin new-key')")]
    private static partial void LogDisabled(ILogger logger);
}
