using FeedHub.Administration;
using FeedHub.Ingestion.Fetching;
using Quartz;

namespace FeedHub.Worker.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>Quartz with one job per source, kept equal to the <c>sources</c> table by the
    /// synchronizer, admin changes that reach it at once, and the scheduled retention purge.</summary>
    public static IServiceCollection AddFeedHubScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Quartz's pool is sized before options exist: read the fetch limit straight from configuration.
        int maxConcurrency = configuration.GetSection(FetchOptions.SectionName).Get<FetchOptions>()?.MaxConcurrency ?? new FetchOptions().MaxConcurrency;
        services.AddQuartz(quartz =>
        {
            quartz.UseInMemoryStore();
            // Polls mostly wait, and FetchThrottle apportions the fetch slots (regular and slow lanes);
            // with only as many jobs as fetch slots, polls queued for the slow lane would keep a
            // healthy source's job from starting at all.
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = Math.Max(1, maxConcurrency) * 8);
            RetentionPurgeJob.Schedule(quartz, configuration);
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddSingleton<ScheduleSignal>();
        services.AddHostedService<ScheduleSynchronizer>();
        services.AddSingleton<ScheduledSourceChanges>();
        services.AddSingleton<ISourceChangeObserver>(sp => sp.GetRequiredService<ScheduledSourceChanges>());
        return services;
    }
}
