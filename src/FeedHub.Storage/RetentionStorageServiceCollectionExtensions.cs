using FeedHub.Core.Retention;
using FeedHub.Storage.Database;
using FeedHub.Storage.Postgres;
using FeedHub.Storage.Retention;
using FeedHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeedHub.Storage;

public static class RetentionStorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IRetentionStore"/> on the database
    /// <see cref="StorageServiceCollectionExtensions.AddFeedHubStorage"/> configured.</summary>
    public static IServiceCollection AddFeedHubRetentionStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<IRetentionStore>(provider =>
        {
            StorageDatabase database = provider.GetRequiredService<StorageBackend>().Database;
            return new RetentionStore(database, Space(database.Dialect.Provider), provider.GetRequiredService<TimeProvider>());
        });
        return services;
    }

    private static IDatabaseSpace Space(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => new SqliteDatabaseSpace(),
        StorageProvider.Postgres => new PostgresDatabaseSpace(),
        // An engine without its own: sizes read as 0 and nothing is handed back, but the purge runs.
        _ => new UnmeasuredDatabaseSpace(),
    };
}
