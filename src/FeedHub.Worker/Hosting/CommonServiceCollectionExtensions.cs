using FeedHub.Administration;
using FeedHub.Core.Scheduling;
using FeedHub.Ingestion;
using FeedHub.Storage;
using FeedHub.Worker.AdminApi;
using FeedHub.Worker.Scheduling;
using FeedHub.Worker.Startup;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Hosting;

public static class CommonServiceCollectionExtensions
{
    /// <summary>Everything both the worker and the one-shot commands need: options, storage,
    /// the ingestion pipeline, source administration, start-up migration and seeding.</summary>
    public static IHostApplicationBuilder AddFeedHubCommon(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddFeedHubLogging();

        services.AddOptions<FeedSchedulingOptions>().BindConfiguration(FeedSchedulingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<FeedSchedulingOptions>, ClusteredSchedulingValidator>();
        services.AddOptions<SourcesOptions>().BindConfiguration(SourcesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SourcesOptions>, SourcesOptionsValidator>();

        // Admin keys are checked by the commands too ('admin' and start-up validation), not only the API.
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(sp =>
        {
            FeedSchedulingOptions options = sp.GetRequiredService<IOptions<FeedSchedulingOptions>>().Value;
            return new PollSchedule(new PollScheduleSettings(options.DefaultInterval, options.MaxBackoff, options.Jitter, options.StartupWindow));
        });
        services.AddSingleton<IValidateOptions<FeedSchedulingOptions>, FeedSchedulingOptionsValidator>();
        services.AddSingleton(sp =>
        {
            FeedSchedulingOptions options = sp.GetRequiredService<IOptions<FeedSchedulingOptions>>().Value;
            return new CadenceSettings(options.MinInterval, options.MaxInterval, options.DefaultInterval);
        });

        services.AddFeedHubStorage();
        services.AddFeedHubAdminStorage();
        services.AddFeedHubRetentionStorage();
        services.AddFeedHubIngestion();
        services.AddFeedHubAdministration();
        services.AddSingleton<DatabaseStartup>();
        services.AddSingleton<StoryIndexBackfiller>();
        return builder;
    }
}
