using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeedHub.Storage;

public static class AdminStorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IAuditLog"/>, <see cref="ISourceAdminStore"/> and <see cref="IConfiguredSourceStore"/> on the backend
    /// <see cref="StorageServiceCollectionExtensions.AddFeedHubStorage"/> configured.</summary>
    public static IServiceCollection AddFeedHubAdminStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<IAuditLog>(provider => new SqliteAuditLog(SqliteConnections(provider)));
        services.TryAddSingleton<ISourceAdminStore>(provider => new SqliteSourceAdminStore(
            SqliteConnections(provider),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IConfiguredSourceStore>(provider => new SqliteConfiguredSourceStore(
            SqliteConnections(provider),
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static SqliteConnectionFactory SqliteConnections(IServiceProvider provider) =>
        provider.GetRequiredService<StorageBackend>().Connections as SqliteConnectionFactory
            ?? throw new InvalidOperationException("The admin stores are implemented for SQLite only in this build.");
}
