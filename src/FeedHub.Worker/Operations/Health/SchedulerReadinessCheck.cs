using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace FeedHub.Worker.Operations.Health;

/// <summary>Ready only while Quartz is running. Quartz's own check also calls a created scheduler
/// (not started yet: the hosted service starts it once the application has started) and one in
/// standby fit to serve; neither polls anything.</summary>
internal sealed class SchedulerReadinessCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IScheduler scheduler = await schedulers.GetScheduler(cancellationToken);
        SchedulerStatus status = scheduler.Status;
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy("The scheduler is running.")
            : HealthCheckResult.Unhealthy($"The scheduler is not running: {status}.");
    }
}
