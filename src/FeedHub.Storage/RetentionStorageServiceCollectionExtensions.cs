using FeedHub.Core.Retention;
using FeedHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeedHub.Storage;

public static class RetentionStorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IRetentionStore"/> on the backend
    /// <see cref="StorageServiceCollectionExtensions.AddFeedHubStorage"/> configured.</summary>
    public static IServiceCollection AddFeedHubRetentionStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<IRetentionStore>(provider => new SqliteRetentionStore(
            provider.GetRequiredService<StorageBackend>().Connections as SqliteConnectionFactory
                ?? throw new InvalidOperationException("The retention store is implemented for SQLite only in this build."),
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
