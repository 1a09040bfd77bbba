using FeedHub.Storage;
using FeedHub.Worker.Startup;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Operations.Health;

/// <summary>Ready only when a new connection reaches the database and every migration of this
/// build is applied. While it cannot be reached, the description names the database (passwords
/// removed) and the driver's error class and message, so the probe's answer says what to fix.</summary>
internal sealed class DatabaseReadinessCheck(DatabaseMigrator migrator, IOptions<StorageOptions> storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<int> pending;
        try
        {
            pending = await migrator.PendingMigrationsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The message is enough: a probe every few seconds must not log a stack trace each time.
            return HealthCheckResult.Unhealthy($"The database cannot be reached: {DatabaseFault.Describe(storage.Value, ex)}");
        }

        return pending.Count == 0
            ? HealthCheckResult.Healthy("The database is reachable and its schema is current.")
            : HealthCheckResult.Unhealthy($"The database lacks migrations {string.Join(", ", pending)}.");
    }
}
