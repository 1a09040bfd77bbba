using FeedHub.Worker.AdminApi.Auth;
using Microsoft.AspNetCore.Authentication;

namespace FeedHub.Worker.AdminApi;

public static class AdminApiServiceCollectionExtensions
{
    private const string SuppressAutoDefaultScheme = "Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme";

    /// <summary>The admin HTTP API of the running worker: API-key authentication, its policy and
    /// the rate limiter. The middleware that applies them is in the host's pipeline (FeedHubApp).</summary>
    public static IServiceCollection AddFeedHubAdminApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ApiKeyVerifier>();
        // A single registered scheme becomes the default, and the authentication middleware then
        // runs it for every request, public feeds and health checks included. ASP.NET Core's switch
        // turns that off; the admin policy below names the scheme, so only the admin API authenticates.
        AppContext.SetSwitch(SuppressAutoDefaultScheme, isEnabled: true);
        // The core services only: AddAuthentication() also registers data protection, whose key
        // ring is created and warned about (keys unencrypted at rest) at every start, though an API
        // key scheme protects nothing with it.
        services.AddAuthenticationCore();
        services.AddWebEncoders();
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminEndpoints.PolicyName, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        services.AddRateLimiter(AdminRateLimiting.Configure);
        return services;
    }
}
