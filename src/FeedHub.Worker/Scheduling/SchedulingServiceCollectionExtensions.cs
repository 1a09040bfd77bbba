using FeedHub.Administration;
using FeedHub.Core.Scheduling;
using FeedHub.Ingestion.Fetching;
using FeedHub.Publishing.Changes;
using FeedHub.Storage;
using Microsoft.Extensions.Options;
using Quartz;

namespace FeedHub.Worker.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>Quartz with one job per source, kept equal to the <c>sources</c> table by the
    /// synchronizer, admin changes that reach it at once, and the scheduled retention purge. With
    /// <c>FeedHub:Scheduling:Clustered</c> Quartz keeps its jobs in the server database, shared by
    /// every worker on it, and the unit of scheduling changes: a few coarse triggers whose ticks
    /// claim due sources from the <c>sources</c> table (docs/scaling.md).</summary>
    public static IServiceCollection AddFeedHubScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Quartz is configured before options exist: read its settings straight from configuration
        // (they are validated at start like every option).
        int maxConcurrency = configuration.GetSection(FetchOptions.SectionName).Get<FetchOptions>()?.MaxConcurrency ?? new FetchOptions().MaxConcurrency;
        FeedSchedulingOptions scheduling = configuration.GetSection(FeedSchedulingOptions.Section).Get<FeedSchedulingOptions>() ?? new FeedSchedulingOptions();
        StorageOptions storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        bool clustered = scheduling.Clustered && storage.Provider != StorageProvider.Sqlite;

        services.AddQuartz(quartz =>
        {
            if (clustered)
            {
                quartz.UsePersistentStore(store => ClusteredJobStore.Configure(store, storage, scheduling));
                quartz.ConfigureScheduler(scheduler => ClusteredJobStore.ConfigureBatches(scheduler));
            }
            else
            {
                // Clustering on SQLite is refused at start by ClusteredSchedulingValidator.
                quartz.UseInMemoryStore();
            }

            // Polls mostly wait, and FetchThrottle apportions the fetch slots (regular and slow lanes);
            // with only as many jobs as fetch slots, polls queued for the slow lane would keep a
            // healthy source's job from starting at all.
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = Math.Max(1, maxConcurrency) * 8);
            RetentionPurgeJob.Schedule(quartz, configuration);
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddSingleton(new SchedulingMode(clustered));
        services.AddTransient<SourcePoll>();
        if (clustered)
        {
            // One worker of the cluster exports and notifies hubs (registered before publishing's own
            // always-held lease, which it replaces).
            services.AddSingleton<DatabasePublishingLease>();
            services.AddSingleton<IPublishingLease>(provider => provider.GetRequiredService<DatabasePublishingLease>());
            services.AddHostedService(provider => provider.GetRequiredService<DatabasePublishingLease>());
        }

        services.AddSingleton<ScheduleSignal>();
        if (clustered)
        {
            services.AddSingleton<ClaimedPolls>();
            services.AddSingleton(provider => new AbsentClaimants(ClusteredJobStore.MisfireThreshold(provider.GetRequiredService<IOptions<FeedSchedulingOptions>>().Value)));
            services.AddHostedService(provider => provider.GetRequiredService<ClaimedPolls>());
            services.AddHostedService<ClaimTriggers>();
        }
        else
        {
            services.AddSingleton<ScheduleSynchronizer>();
            services.AddHostedService(provider => provider.GetRequiredService<ScheduleSynchronizer>());
        }

        services.AddSingleton<ScheduledSourceChanges>();
        services.AddSingleton<ISourceChangeObserver>(sp => sp.GetRequiredService<ScheduledSourceChanges>());
        return services;
    }
}

/// <summary>Whether Quartz's jobs are shared by a cluster of workers (in the database) or this
/// process's own (in memory).</summary>
public sealed record SchedulingMode(bool Clustered);
