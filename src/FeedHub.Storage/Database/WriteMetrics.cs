using System.Diagnostics.Metrics;

namespace FeedHub.Storage.Database;

/// <summary>The instruments of poll writes on the <see cref="MeterName"/> meter: how long a write
/// waited before its work started (for the write lock, or in the SQLite writer's queue), how
/// many writes each committed transaction carried, how many wait in the SQLite writer's queue, and
/// what the checkpointer beside that writer copied and how often it failed.</summary>
public sealed class WriteMetrics
{
    public const string MeterName = "FeedHub.Storage";

    private static readonly InstrumentAdvice<double> WaitBuckets = new()
    {
        HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private static readonly InstrumentAdvice<int> SizeBuckets = new()
    {
        HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64],
    };

    private readonly Histogram<double> _wait;
    private readonly Histogram<int> _batchSize;
    private readonly UpDownCounter<int> _queued;
    private readonly Counter<long> _checkpointFrames;
    private readonly Counter<long> _checkpointFailures;

    internal WriteMetrics(IMeterFactory? meters)
    {
        // The stores can be built without a container (commands that copy databases); their
        // instruments then sit on a meter of their own that nobody needs to dispose.
        Meter meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _wait = meter.CreateHistogram("feedhub.storage.write.wait", "s", "Time a poll's write waited before its work started: for the database's write lock, or in the SQLite writer's queue.", advice: WaitBuckets);
        _batchSize = meter.CreateHistogram("feedhub.storage.write.batch_size", "{write}", "Poll writes committed by one transaction (1 on server engines; on SQLite, the writer's batch).", advice: SizeBuckets);
        _queued = meter.CreateUpDownCounter<int>("feedhub.storage.write.queue", "{write}", "Poll writes waiting in the SQLite writer's queue.");
        _checkpointFrames = meter.CreateCounter<long>("feedhub.storage.checkpoint.frames", "{page}", "Pages of SQLite's write-ahead log the checkpointer beside the writer found to copy into the database file.");
        _checkpointFailures = meter.CreateCounter<long>("feedhub.storage.checkpoint.failures", "{checkpoint}", "Checkpoints beside the SQLite writer that failed; each is retried at the next commit, and the writer's own automatic checkpoint bounds the log meanwhile.");
    }

    internal void Started(TimeSpan waited) => _wait.Record(waited.TotalSeconds);

    internal void Committed(int writes) => _batchSize.Record(writes);

    internal void Queued(int change) => _queued.Add(change);

    internal void Checkpointed(long frames) => _checkpointFrames.Add(frames);

    internal void CheckpointFailed() => _checkpointFailures.Add(1);
}
