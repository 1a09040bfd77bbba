using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage.Administration;
using FeedHub.Storage.Database;
using FeedHub.Storage.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeedHub.Storage;

public static class AdminStorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IAuditLog"/>, <see cref="ISourceAdminStore"/> and <see cref="IConfiguredSourceStore"/> on the backend
    /// <see cref="StorageServiceCollectionExtensions.AddFeedHubStorage"/> configured.</summary>
    public static IServiceCollection AddFeedHubAdminStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<IAuditLog>(provider => new AuditLog(Database(provider)));
        services.TryAddSingleton<ISourceAdminStore>(provider => new SourceAdminStore(
            Database(provider),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IConfiguredSourceStore>(provider => new ConfiguredSourceStore(
            Database(provider),
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static StorageDatabase Database(IServiceProvider provider) =>
        provider.GetRequiredService<StorageBackend>().Database;
}
