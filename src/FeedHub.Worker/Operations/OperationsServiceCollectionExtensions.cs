using FeedHub.Ingestion.Refreshing;
using FeedHub.Worker.Operations.Health;
using FeedHub.Worker.Operations.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace FeedHub.Worker.Operations;

public static class OperationsServiceCollectionExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>Health checks, Prometheus metrics, the source status read model and shutdown behaviour of the worker.</summary>
    public static IServiceCollection AddFeedHubOperations(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddFeedHubSourceStatus();

        // The host waits this long in StopAsync; Quartz's hosted service waits for running polls,
        // which PollSourceJob cancels on ApplicationStopping.
        services.AddOptions<HostOptions>().Configure<IOptions<OperationsOptions>>((host, operations) => host.ShutdownTimeout = operations.Value.ShutdownTimeout);

        services.AddSingleton<SchedulerMetrics>();
        services.AddSingleton<SourceGauges>();

        services.AddHealthChecks()
            .AddCheck<DatabaseReadinessCheck>("database", tags: [ReadyTag])
            .AddCheck<SchedulerReadinessCheck>("scheduler", tags: [ReadyTag]);

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("feedhub"))
            .WithMetrics(metrics => metrics
                .AddMeter(RefreshMetrics.MeterName, SchedulerMetrics.MeterName, SourceGauges.MeterName)
                .AddPrometheusExporter());
        return services;
    }
}
