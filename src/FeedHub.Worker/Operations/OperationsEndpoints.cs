using FeedHub.Worker.AdminApi;
using FeedHub.Worker.Operations.Health;
using FeedHub.Worker.Operations.Metrics;
using FeedHub.Worker.Operations.Status;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Operations;

public static class OperationsEndpoints
{
    public const string MetricsPath = "/metrics";

    /// <summary><c>/health/live</c>, <c>/health/ready</c>, <c>/metrics</c>, <c>/status</c> and <c>/status/sources</c>.</summary>
    public static IEndpointRouteBuilder MapFeedHubOperations(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);

        // Liveness runs no check: the process answers, so it need not be restarted. Readiness
        // asks the database and the scheduler.
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(OperationsServiceCollectionExtensions.ReadyTag),
            ResponseWriter = HealthResponse.WriteAsync,
        });
        IEndpointConventionBuilder metrics = routes.MapPrometheusScrapingEndpoint(MetricsPath);
        RouteGroupBuilder status = routes.MapStatusEndpoints();
        if (routes.ServiceProvider.GetRequiredService<IOptions<OperationsOptions>>().Value.RequireKey)
        {
            // The gauges' database read comes after authorization in the pipeline, so a refused
            // scrape costs no query.
            // Behind the admin key, and so behind its rate limit: guessing keys here is slow too.
            metrics.RequireAuthorization(AdminEndpoints.PolicyName).RequireRateLimiting(AdminRateLimiting.PolicyName);
            status.RequireAuthorization(AdminEndpoints.PolicyName).RequireRateLimiting(AdminRateLimiting.PolicyName);
        }

        return routes;
    }

    /// <summary>Middleware for the scrape: the gauges come from the database, read once per
    /// scrape before the exporter collects.</summary>
    public static async Task RefreshGaugesAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await context.RequestServices.GetRequiredService<SourceGauges>().RefreshAsync(context.RequestAborted);
        await context.RequestServices.GetRequiredService<RetentionGauges>().RefreshAsync(context.RequestAborted);
        await next(context);
    }
}
