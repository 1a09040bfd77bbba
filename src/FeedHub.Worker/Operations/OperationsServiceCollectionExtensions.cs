using FeedHub.Ingestion.Refreshing;
using FeedHub.Storage.Database;
using FeedHub.Worker.Operations.Health;
using FeedHub.Worker.Operations.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FeedHub.Worker.Operations;

public static class OperationsServiceCollectionExtensions
{
    public const string ReadyTag = "ready";

    // Scrapes and health probes arrive every few seconds and would bury the traces worth reading.
    private static bool IsScrapeOrProbe(PathString path) =>
        path.StartsWithSegments(OperationsEndpoints.MetricsPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    /// <summary>The standard OpenTelemetry variable; traces are exported only when it is set.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Health checks, Prometheus metrics (FeedHub's own, runtime, ASP.NET Core, HttpClient),
    /// OTLP traces when <see cref="OtlpEndpointVariable"/> is set, the source status read model and
    /// shutdown behaviour of the worker.</summary>
    public static IServiceCollection AddFeedHubOperations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddFeedHubSourceStatus();

        // The host waits this long in StopAsync; Quartz's hosted service waits for running polls,
        // which PollSourceJob cancels on ApplicationStopping.
        services.AddOptions<HostOptions>().Configure<IOptions<OperationsOptions>>((host, operations) => host.ShutdownTimeout = operations.Value.ShutdownTimeout);

        services.AddSingleton<SchedulerMetrics>();
        services.AddSingleton<SourceGauges>();
        services.AddSingleton<RetentionGauges>();

        services.AddHealthChecks()
            .AddCheck<DatabaseReadinessCheck>("database", tags: [ReadyTag])
            .AddCheck<SchedulerReadinessCheck>("scheduler", tags: [ReadyTag]);

        // Process CPU and memory come with the runtime's meter (dotnet.process.*); the separate
        // process instrumentation package has no stable release.
        OpenTelemetryBuilder telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("feedhub"))
            .WithMetrics(metrics => metrics
                .AddMeter(RefreshMetrics.MeterName, SchedulerMetrics.MeterName, SourceGauges.MeterName, RetentionGauges.MeterName, WriteMetrics.MeterName)
                .AddRuntimeInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddFeedHubStreamViews()
                .AddPrometheusExporter());

        // Without an endpoint no tracer is set up at all: the exporter would otherwise send to its
        // default localhost port, and spans would be recorded for nobody.
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(RefreshTracing.SourceName)
                .AddHttpClientInstrumentation()
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsScrapeOrProbe(context.Request.Path))
                .AddOtlpExporter());
        }

        return services;
    }
}
