using FeedHub.Worker.AdminApi.Auth;

namespace FeedHub.Worker.AdminApi;

public static class AdminApiServiceCollectionExtensions
{
    /// <summary>The admin HTTP API of the running worker: API-key authentication, its policy and
    /// the rate limiter. The middleware that applies them is in the host's pipeline (FeedHubApp).</summary>
    public static IServiceCollection AddFeedHubAdminApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ApiKeyVerifier>();
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminEndpoints.PolicyName, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        services.AddRateLimiter(AdminRateLimiting.Configure);
        return services;
    }
}
