using FeedHub.Worker.AdminApi;
using FeedHub.Worker.Feeds;
using FeedHub.Worker.Operations;

namespace FeedHub.Worker.Hosting;

/// <summary>Builds the worker host; Program and the tests that run the real host both use it.</summary>
public static class FeedHubApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ConfigurationFiles.ReadOnce(args),
            ContentRootPath = HostPaths.ContentRoot(args),
        });
        builder.AddFeedHubWorker();
        configure?.Invoke(builder);

        WebApplication app = builder.Build();

        // Registered before the host starts: started callbacks run last-registered first, so the
        // summary follows the host's own lines ("Now listening on", "Content root path").
        app.Lifetime.ApplicationStarted.Register(app.Services.GetRequiredService<StartupSummary>().Write);

        // The pipeline, in order: the client address and scheme from known proxies only (the rate
        // limiter and links use them); errors as ProblemDetails; the rate limiter before
        // authentication, so requests with wrong keys are limited too; the gauges read just before a scrape.
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(OperationsEndpoints.MetricsPath, StringComparison.OrdinalIgnoreCase),
            scrape => scrape.Use(OperationsEndpoints.RefreshGaugesAsync));

        app.MapFeedHubFeeds();
        app.MapFeedHubOperations();
        app.MapFeedHubAdminApi();
        app.MapOpenApi();
        return app;
    }
}
