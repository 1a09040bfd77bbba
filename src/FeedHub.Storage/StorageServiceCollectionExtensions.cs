using System.Diagnostics.Metrics;
using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FeedHub.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the stores (<see cref="ISourceStore"/>, <see cref="IItemStore"/>,
    /// <see cref="IStoryReader"/>, <see cref="ISourceStatusReader"/>, <see cref="ISettingsStore"/>, <see cref="IStoryAdminStore"/>, <see cref="IStoryIndexBackfill"/>, <see cref="ISearchIndexBackfill"/>, <see cref="ISourceClaims"/>) and the <see cref="DatabaseMigrator"/> for the provider named
    /// in <c>FeedHub:Storage</c>. Options are validated at start: a provider this build does
    /// not include fails there with a clear message.</summary>
    public static IServiceCollection AddFeedHubStorage(this IServiceCollection services, Action<StorageOptions>? configure = null)
    {
        OptionsBuilder<StorageOptions> options = services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddOptions<StoryOptions>().BindConfiguration(StoryOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoryOptions>, StoryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => StorageBackends.Create(
            provider.GetRequiredService<IOptions<StorageOptions>>().Value,
            provider.GetRequiredService<IOptions<StoryOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<IMeterFactory>()));
        services.TryAddSingleton(provider =>
        {
            StorageBackend backend = provider.GetRequiredService<StorageBackend>();
            ILoggerFactory loggers = provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            return new DatabaseMigrator(
                backend.Database,
                loggers.CreateLogger<DatabaseMigrator>(),
                provider.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(provider => provider.GetRequiredService<StorageBackend>().Sources);
        services.TryAddSingleton(provider => provider.GetRequiredService<StorageBackend>().Items);
        services.TryAddSingleton(provider => provider.GetRequiredService<StorageBackend>().Stories);
        services.TryAddSingleton(provider => provider.GetRequiredService<StorageBackend>().Statuses);
        services.TryAddSingleton(provider => provider.GetRequiredService<StorageBackend>().Settings);
        services.TryAddSingleton(provider => provider.GetRequiredService<StorageBackend>().StoryAdmin);
        services.TryAddSingleton(provider => provider.GetRequiredService<StorageBackend>().StoryBackfill);
        services.TryAddSingleton(provider => provider.GetRequiredService<StorageBackend>().SearchBackfill);
        services.TryAddSingleton(provider => provider.GetRequiredService<StorageBackend>().Claims);
        return services;
    }
}
