using FeedHub.Publishing;
using FeedHub.Worker.AdminApi;
using FeedHub.Worker.Operations;
using FeedHub.Worker.Scheduling;
using FeedHub.Worker.Startup;
using Microsoft.AspNetCore.Hosting;

namespace FeedHub.Worker.Hosting;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>The long-running worker: start-up migration, Quartz scheduling kept equal to the
    /// sources table, publishing, operations and the admin API.</summary>
    public static WebApplicationBuilder AddFeedHubWorker(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddFeedHubCommon();
        IServiceCollection services = builder.Services;

        // Under systemd (Type=notify): READY=1 once started, STOPPING=1 on shutdown, and the journal's
        // log format; elsewhere it does nothing.
        services.AddSystemd();

        // Registered first: hosted services start in order, and nothing may run before migrations.
        services.AddHostedService<DatabaseStartupService>();
        // After migrations, in the background: items stored before story matching get index keys.
        services.AddHostedService<StoryIndexBackfillService>();

        services.AddFeedHubScheduling(builder.Configuration);
        builder.AddFeedHubPublishing();
        services.AddWebSubThroughFetchProxy();
        services.AddProblemDetails();
        services.AddFeedHubOperations(builder.Configuration);
        services.AddFeedHubAdminApi();
        services.AddFeedHubHttp();
        services.AddOpenApi("v1", ApiDocument.Configure);
        services.AddSingleton<NativeHeapTrimmer>();
        services.AddHostedService(provider => provider.GetRequiredService<NativeHeapTrimmer>());
        services.AddSingleton<StartupSummary>();
        services.AddHostedService(provider => provider.GetRequiredService<StartupSummary>());
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://localhost:5080");
        }

        return builder;
    }
}
