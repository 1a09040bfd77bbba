using FeedHub.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using FeedHub.Worker.AdminApi.Auth;
using FeedHub.Worker.AdminApi;
using FeedHub.Administration;
using FeedHub.Worker.Scheduling;

namespace FeedHub.Worker.AdminApi;

public static class AdminServiceCollectionExtensions
{
    /// <summary>Source administration as the command line and the API share it: the service, its
    /// stores, the probe, and the admin options (validated at start).</summary>
    public static IServiceCollection AddFeedHubSourceAdministration(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddFeedHubAdminStorage();
        services.TryAddSingleton<SourceProbe>();
        services.TryAddSingleton<SourceAdministration>();
        return services;
    }

    /// <summary>The admin HTTP API of the running worker: API-key authentication, rate limiting,
    /// the OpenAPI document, and immediate rescheduling after changes. Needs
    /// <see cref="AddFeedHubSourceAdministration"/> (part of the core services).</summary>
    public static IServiceCollection AddFeedHubAdmin(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyVerifier>();
        services.AddSingleton<ScheduledSourceChanges>();
        services.AddSingleton<ISourceChangeObserver>(sp => sp.GetRequiredService<ScheduledSourceChanges>());

        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminEndpoints.PolicyName, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        services.AddAdminRateLimiting();
        services.AddAdminOpenApi();
        return services;
    }
}
