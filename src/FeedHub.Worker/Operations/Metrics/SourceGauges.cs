using System.Diagnostics.Metrics;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Worker.Operations.Status;

namespace FeedHub.Worker.Operations.Metrics;

/// <summary>Gauges read from the <c>sources</c> table: sources by state, the longest failure streak,
/// stored items and stories. Aggregates only: a series per source would make every scrape (and the
/// scraper's storage) grow with the sources; per-source detail is in <c>/status/sources</c>. Gauge
/// callbacks cannot await, so the scrape endpoint calls <see cref="RefreshAsync"/> first and the
/// callbacks read that snapshot.</summary>
public sealed partial class SourceGauges
{
    public const string MeterName = "FeedHub.Sources";

    private readonly SourceStatusReport _report;
    private readonly ISourceStatusReader _reader;
    private readonly ILogger<SourceGauges> _logger;
    private volatile Snapshot? _snapshot;

    public SourceGauges(IMeterFactory meterFactory, SourceStatusReport report, ISourceStatusReader reader, ILogger<SourceGauges> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _report = report;
        _reader = reader;
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
            IReadOnlyList<SourceStatusView> sources = await _report.ListAsync(cancellationToken);
            long stories = await _reader.CountStoriesAsync(cancellationToken);
            // Only the counts are kept between scrapes, not the thousands of source views.
            var states = sources.GroupBy(s => s.State, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
            long maxFailures = sources.Count == 0 ? 0 : sources.Max(s => (long)s.ConsecutiveFailures);
            _snapshot = new Snapshot(states, maxFailures, sources.Sum(s => s.ItemCount), stories);
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
        if (_snapshot is not Snapshot snapshot)
        {
            yield break;
        }

        foreach (SourceState state in Enum.GetValues<SourceState>())
        {
            string name = SourceStatusView.StateName(state);
            yield return new Measurement<long>(snapshot.States.GetValueOrDefault(name), new KeyValuePair<string, object?>("state", name));
        }
    }

    private IEnumerable<Measurement<long>> Observe(Func<Snapshot, long> value)
    {
        if (_snapshot is Snapshot snapshot)
        {
            yield return new Measurement<long>(value(snapshot));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unable to read source states for the metrics")]
    private partial void LogRefreshFailed(Exception exception);

    private sealed record Snapshot(IReadOnlyDictionary<string, long> States, long MaxConsecutiveFailures, long Items, long Stories);
}
