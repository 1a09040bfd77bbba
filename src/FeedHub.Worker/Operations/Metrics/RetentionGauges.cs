using System.Diagnostics.Metrics;
using FeedHub.Core.Retention;

namespace FeedHub.Worker.Operations.Metrics;

/// <summary>The database's size and the last purge, read on each scrape like <see cref="SourceGauges"/>.</summary>
public sealed partial class RetentionGauges
{
    public const string MeterName = "FeedHub.Retention";

    private readonly IRetentionStore _store;
    private readonly ILogger<RetentionGauges> _logger;
    private volatile Snapshot? _snapshot;

    public RetentionGauges(IMeterFactory meterFactory, IRetentionStore store, ILogger<RetentionGauges> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _store = store;
        _logger = logger;
        Meter meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("feedhub.database.size", () => Observe(s => s.Size.Bytes), "By", "Size of the database (all pages).");
        meter.CreateObservableGauge("feedhub.database.free", () => Observe(s => s.Size.FreeBytes), "By", "Free pages inside the database that a vacuum can hand back.");
        meter.CreateObservableGauge("feedhub.purge.last_run", () => ObservePurge(p => p.FinishedAt.ToUnixTimeMilliseconds() / 1000.0), "s", "When the last purge finished (Unix time).");
        meter.CreateObservableGauge("feedhub.purge.last_removed", ObserveRemoved, "{row}", "What the last purge removed, by kind: items, stories, audit_entries, sources.");
        meter.CreateObservableGauge("feedhub.purge.last_reclaimed", () => ObservePurge(p => (double)p.BytesReclaimed), "By", "Bytes the last purge handed back to the file system.");
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            _snapshot = new Snapshot(await _store.MeasureAsync(cancellationToken), await _store.LastPurgeAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _snapshot = null;
            LogRefreshFailed(ex);
        }
    }

    private IEnumerable<Measurement<long>> Observe(Func<Snapshot, long> value)
    {
        if (_snapshot is Snapshot snapshot)
        {
            yield return new Measurement<long>(value(snapshot));
        }
    }

    private IEnumerable<Measurement<double>> ObservePurge(Func<PurgeReport, double> value)
    {
        if (_snapshot is { LastPurge: PurgeReport purge })
        {
            yield return new Measurement<double>(value(purge));
        }
    }

    private IEnumerable<Measurement<long>> ObserveRemoved()
    {
        if (_snapshot is not { LastPurge: PurgeReport purge })
        {
            yield break;
        }

        yield return Kind(purge.Items, "items");
        yield return Kind(purge.Stories, "stories");
        yield return Kind(purge.AuditEntries, "audit_entries");
        yield return Kind(purge.Sources, "sources");
    }

    private static Measurement<long> Kind(long value, string kind) => new(value, new KeyValuePair<string, object?>("kind", kind));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unable to read the database size and last purge for the metrics")]
    private partial void LogRefreshFailed(Exception exception);

    private sealed record Snapshot(DatabaseSize Size, PurgeReport? LastPurge);
}
