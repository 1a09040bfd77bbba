using FeedHub.Ingestion.Refreshing;
using FeedHub.Worker.Operations.Health;
using FeedHub.Worker.Operations.Metrics;
using FeedHub.Worker.Operations.Status;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace FeedHub.Worker.Operations;

/// <summary>Health probes, Prometheus metrics, source status and shutdown behaviour of the worker.</summary>
public static class OperationsRegistration
{
    private const string ReadyTag = "ready";
    private const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddFeedHubOperations(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;
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
        return builder;
    }

    /// <summary>The source status read model with its options, for any host that shows source
    /// states (the worker's endpoints and metrics, admin commands).</summary>
    public static IServiceCollection AddFeedHubSourceStatus(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SourceStatusReport>();
        return services;
    }

    public static WebApplication MapFeedHubOperations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Liveness runs no check: the process answers, so it need not be restarted. Readiness
        // asks the database and the scheduler.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = HealthResponse.WriteAsync });

        // Gauges come from the database; read it once per scrape, before the exporter collects.
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase),
            scrape => scrape.Use(async (context, next) =>
            {
                await context.RequestServices.GetRequiredService<SourceGauges>().RefreshAsync(context.RequestAborted);
                await next(context);
            }));
        app.MapPrometheusScrapingEndpoint(MetricsPath);

        app.MapStatusEndpoints();
        return app;
    }
}
