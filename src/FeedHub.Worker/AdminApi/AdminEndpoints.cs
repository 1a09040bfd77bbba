using FeedHub.Worker.AdminApi.Auth;

namespace FeedHub.Worker.AdminApi;

public static partial class AdminEndpoints
{
    public const string PolicyName = "FeedHubAdmin";

    /// <summary>Maps <c>/api/sources...</c>, <c>/api/audit</c> and <c>/openapi/v1.json</c>, behind
    /// the rate limiter (first, so requests with wrong keys are limited too) and API-key authentication.</summary>
    public static WebApplication MapFeedHubAdmin(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        RouteGroupBuilder api = app.MapGroup("/api")
            .RequireAuthorization(PolicyName)
            .RequireRateLimiting(AdminRateLimiting.PolicyName);
        api.MapSourceEndpoints();
        api.MapAuditEndpoints();
        app.MapOpenApi();

        if (!app.Services.GetRequiredService<ApiKeyVerifier>().Enabled)
        {
            LogDisabled(app.Logger);
        }

        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The admin API is disabled: no key is configured in FeedHub:Admin:ApiKeys (run 'FeedHub.Worker admin new-key')")]
    private static partial void LogDisabled(ILogger logger);
}
