using System.Diagnostics.Metrics;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Worker.Operations.Status;

namespace FeedHub.Worker.Operations.Metrics;

/// <summary>Gauges read from the <c>sources</c> table: sources by state, the longest failure streak,
/// stored items and stories. Aggregates only: a series per source would make every scrape (and the
/// scraper's storage) grow with the sources; per-source detail is in <c>/status/sources</c>. Gauge
/// callbacks cannot await, so the scrape endpoint calls <see cref="RefreshAsync"/> first and the
/// callbacks read that snapshot. The snapshot is one aggregate statement (<see cref="SourceStatusReport.CountAsync"/>),
/// not the status list: at 10,000 sources that list, with a distinct-story count per source, made a
/// scrape take tens of seconds.</summary>
public sealed partial class SourceGauges
{
    public const string MeterName = "FeedHub.Sources";

    private readonly SourceStatusReport _report;
    private readonly ILogger<SourceGauges> _logger;
    private volatile SourceTotals? _snapshot;

    public SourceGauges(IMeterFactory meterFactory, SourceStatusReport report, ILogger<SourceGauges> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _report = report;
        _logger = logger;
        Meter meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("feedhub.sources", ObserveStates, "{source}", "Sources by state: pending, ok, failing, failing_too_long, paused, gone.");
        meter.CreateObservableGauge("feedhub.source.consecutive_failures.max", () => Observe(s => s.MaxConsecutiveFailures), "{failure}", "The most failed polls in a row of any source.");
        meter.CreateObservableGauge("feedhub.items", () => Observe(s => s.Items), "{item}", "Items stored, across sources.");
        meter.CreateObservableGauge("feedhub.stories", () => Observe(s => s.Stories), "{story}", "Distinct stories stored.");
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            _snapshot = await _report.CountAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No stale numbers presented as current: the gauges go silent until the database answers.
            _snapshot = null;
            LogRefreshFailed(ex);
        }
    }

    private IEnumerable<Measurement<long>> ObserveStates()
    {
        if (_snapshot is not SourceTotals snapshot)
        {
            yield break;
        }

        foreach (SourceState state in Enum.GetValues<SourceState>())
        {
            string name = SourceStatusView.StateName(state);
            yield return new Measurement<long>(snapshot.Count(state), new KeyValuePair<string, object?>("state", name));
        }
    }

    private IEnumerable<Measurement<long>> Observe(Func<SourceTotals, long> value)
    {
        if (_snapshot is SourceTotals snapshot)
        {
            yield return new Measurement<long>(value(snapshot));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unable to read source states for the metrics")]
    private partial void LogRefreshFailed(Exception exception);
}
