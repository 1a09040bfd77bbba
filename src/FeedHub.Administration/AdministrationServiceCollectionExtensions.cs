using FeedHub.Administration.Discovery;
using FeedHub.Administration.Retention;
using FeedHub.Administration.Stories;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeedHub.Administration;

public static class AdministrationServiceCollectionExtensions
{
    /// <summary>Source administration as the command line and the API share it: the source and story use
    /// cases and the probe. Their stores (<c>ISourceAdminStore</c>, <c>IAuditLog</c>) and the fetch stages
    /// the probe uses are registered by the storage and ingestion extensions.</summary>
    public static IServiceCollection AddFeedHubAdministration(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddFeedHubRetention();
        services.TryAddSingleton<SourceProbe>();
        services.TryAddSingleton<FeedDiscovery>();
        services.TryAddSingleton<SourceAdministration>();
        services.TryAddSingleton<StoryAdministration>();
        return services;
    }
}
