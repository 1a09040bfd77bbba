using FeedHub.Storage;
using Quartz;

namespace FeedHub.Worker.Scheduling;

/// <summary>Quartz's ADO.NET job store on FeedHub's own server database, clustered: every worker
/// on the database acquires due triggers under Quartz's row lock, so each tick runs on one of
/// them, and a worker whose check-ins stop is declared dead by the others (its row leaves Quartz's
/// scheduler state table, and with it its claims of sources: <see cref="ClaimDueSourcesJob"/>).</summary>
internal static class ClusteredJobStore
{
    public const string DefaultTablePrefix = "qrtz_";

    /// <summary>How long after a missed check-in a node is presumed dead: long enough to ride out a
    /// garbage collection or a short database hiccup, short enough to move its sources soon. A node
    /// presumed dead keeps its claims of sources that long again (<see cref="AbsentClaimants"/>), in
    /// case it was only slow and checks in after all.</summary>
    public static TimeSpan MisfireThreshold(FeedSchedulingOptions scheduling) => scheduling.ClusterCheckinInterval * 2;

    public static void Configure(IPersistentStoreBuilder store, StorageOptions storage, FeedSchedulingOptions scheduling)
    {
        switch (storage.Provider)
        {
            case StorageProvider.Postgres:
                store.UsePostgres(storage.ConnectionString);
                break;
            case StorageProvider.SqlServer:
                store.UseSqlServer(storage.ConnectionString);
                break;
            default:
                throw new InvalidOperationException($"Quartz's clustered job store needs PostgreSQL or SQL Server, not {storage.Provider}.");
        }

        store.UseSystemTextJsonSerializer();
        store.UseClustering(cluster =>
        {
            cluster.CheckinInterval = scheduling.ClusterCheckinInterval;
            cluster.CheckinMisfireThreshold = MisfireThreshold(scheduling);
        });
        store.ConfigureStore(options =>
        {
            options.TablePrefix = scheduling.TablePrefix;
            // Job data are a source id and its definition: plain strings, readable in the table.
            options.StoreJobDataAsStrings = true;
            // Batched acquisition must read and claim under the lock, or two nodes claim one trigger.
            options.AcquireTriggersWithinLock = true;
            // FeedHub's migration 0015 creates the tables under the default prefix (so the worker's
            // account needs no right to create tables); another prefix Quartz creates for itself.
            options.SchemaProvisioning = scheduling.TablePrefix == DefaultTablePrefix ? SchemaProvisioning.Validate : SchemaProvisioning.CreateIfMissing;
        });
    }

    /// <summary>The cluster's triggers are a few coarse ticks (<see cref="ClaimTriggers"/>): a node
    /// takes one tick per trip to the lock row, so the ticks spread over the nodes rather than one
    /// node taking a second's worth at once.</summary>
    public static void ConfigureBatches(QuartzSchedulerOptions scheduler)
    {
        scheduler.MaxBatchSize = 1;
        scheduler.BatchTriggerAcquisitionFireAheadTimeWindow = TimeSpan.Zero;
    }
}
