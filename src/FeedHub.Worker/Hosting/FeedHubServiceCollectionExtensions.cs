using FeedHub.Core.Scheduling;
using FeedHub.Ingestion;
using FeedHub.Ingestion.Fetching;
using FeedHub.Storage;
using FeedHub.Worker.Operations;
using FeedHub.Worker.Admin;
using FeedHub.Worker.Publishing;
using FeedHub.Worker.Scheduling;
using FeedHub.Worker.Sources;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace FeedHub.Worker.Hosting;

public static class FeedHubServiceCollectionExtensions
{
    /// <summary>Everything both the worker and the one-shot commands need: options, storage,
    /// the ingestion pipeline, start-up migration and seeding.</summary>
    public static IHostApplicationBuilder AddFeedHubCore(this IHostApplicationBuilder builder)
    {
        IServiceCollection services = builder.Services;
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<FeedSchedulingOptions>().BindConfiguration(FeedSchedulingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SourcesOptions>().BindConfiguration(SourcesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SourcesOptions>, SourcesOptionsValidator>();

        services.AddSingleton(sp =>
        {
            FeedSchedulingOptions options = sp.GetRequiredService<IOptions<FeedSchedulingOptions>>().Value;
            return new PollSchedule(new PollScheduleSettings(options.DefaultInterval, options.MaxBackoff, options.Jitter, options.StartupWindow));
        });

        services.AddFeedHubStorage();
        services.AddFeedIngestion();
        services.AddSingleton<DatabaseStartup>();
        services.AddFeedHubSourceAdministration();
        return builder;
    }

    /// <summary>The long-running worker: start-up migration, Quartz scheduling kept equal to the
    /// sources table, and the HTTP endpoints.</summary>
    public static WebApplicationBuilder AddFeedHubWorker(this WebApplicationBuilder builder)
    {
        builder.AddFeedHubCore();
        IServiceCollection services = builder.Services;

        // Registered first: hosted services start in order, and nothing may run before migrations.
        services.AddHostedService<DatabaseStartupService>();

        int maxConcurrency = builder.Configuration.GetSection(FetchOptions.SectionName).Get<FetchOptions>()?.MaxConcurrency ?? new FetchOptions().MaxConcurrency;
        services.AddQuartz(quartz =>
        {
            quartz.UseInMemoryStore();
            // Polls mostly wait, and FetchThrottle apportions the fetch slots (regular and slow lanes);
            // with only as many jobs as fetch slots, polls queued for the slow lane would keep a
            // healthy source's job from starting at all.
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = Math.Max(1, maxConcurrency) * 8);
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        builder.AddFeedHubPublishing();
        services.AddSingleton<ScheduleSignal>();
        services.AddHostedService<ScheduleSynchronizer>();

        services.AddProblemDetails();
        builder.AddFeedHubOperations();
        services.AddFeedHubAdmin();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://localhost:5080");
        }

        return builder;
    }
}
