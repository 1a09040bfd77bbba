using System.Diagnostics.Metrics;

namespace FeedHub.Worker.Operations.Metrics;

/// <summary>How late polls start compared with when their triggers were due: a growing lag
/// means the thread pool or the fetch slots are too few for the sources.</summary>
public sealed class SchedulerMetrics
{
    public const string MeterName = "FeedHub.Scheduling";

    private static readonly InstrumentAdvice<double> LagBuckets = new()
    {
        HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600],
    };

    private readonly Histogram<double> _lag;

    public SchedulerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        _lag = meter.CreateHistogram("feedhub.scheduler.lag", "s", "How long after its scheduled time a poll started.", advice: LagBuckets);
    }

    public void PollStarted(DateTimeOffset? scheduledAt, DateTimeOffset firedAt)
    {
        if (scheduledAt is DateTimeOffset due)
        {
            _lag.Record(Math.Max(0, (firedAt - due).TotalSeconds));
        }
    }
}
