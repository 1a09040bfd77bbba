using FeedHub.Storage;
using Quartz;

namespace FeedHub.Worker.Scheduling;

/// <summary>Quartz's ADO.NET job store on FeedHub's own server database, clustered: every worker
/// on the database acquires due triggers under Quartz's row lock, so each poll runs on one of
/// them, and a worker whose check-ins stop is declared dead by the others, who recover its
/// in-flight polls and take over its share.</summary>
internal static class ClusteredJobStore
{
    public const string DefaultTablePrefix = "qrtz_";

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
            // A node is presumed dead this long after a missed check-in: long enough to ride out a
            // garbage collection or a short database hiccup, short enough to move its sources soon.
            cluster.CheckinMisfireThreshold = scheduling.ClusterCheckinInterval * 2;
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

    /// <summary>Every trip to the database's lock row is shared by the whole cluster, so a node takes
    /// the triggers due within the next moment in one trip rather than one trip per source.</summary>
    public static void ConfigureBatches(QuartzSchedulerOptions scheduler)
    {
        scheduler.MaxBatchSize = AcquireBatch;
        scheduler.BatchTriggerAcquisitionFireAheadTimeWindow = FireAhead;
    }

    /// <summary>Triggers one node takes per trip to the lock row.</summary>
    public const int AcquireBatch = 20;

    /// <summary>How early a batch may fire a trigger: well inside the jitter of a poll interval.</summary>
    public static readonly TimeSpan FireAhead = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest a dead node's sources wait for another node: its last check-in is at most
    /// one interval old, and the others wait the misfire threshold past the missed one.</summary>
    public static TimeSpan FailoverWithin(FeedSchedulingOptions scheduling) => scheduling.ClusterCheckinInterval * 3;
}
