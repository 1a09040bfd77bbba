using System.Diagnostics.Metrics;
using System.Globalization;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Worker.Operations.Status;

namespace FeedHub.Worker.Operations.Metrics;

/// <summary>Gauges read from the <c>sources</c> table: sources by state, consecutive failures
/// per source, stored items and stories. Gauge callbacks cannot await, so the scrape endpoint
/// calls <see cref="RefreshAsync"/> first and the callbacks read that snapshot.</summary>
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
        meter.CreateObservableGauge("feedhub.source.consecutive_failures", ObserveFailures, "{failure}", "Failed polls in a row, per source.");
        meter.CreateObservableGauge("feedhub.items", () => Observe(s => s.Items), "{item}", "Items stored, across sources.");
        meter.CreateObservableGauge("feedhub.stories", () => Observe(s => s.Stories), "{story}", "Distinct stories stored.");
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<SourceStatusView> sources = await _report.ListAsync(cancellationToken);
            long stories = await _reader.CountStoriesAsync(cancellationToken);
            _snapshot = new Snapshot(sources, sources.Sum(s => s.ItemCount), stories);
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
            yield return new Measurement<long>(snapshot.Sources.Count(s => s.State == name), new KeyValuePair<string, object?>("state", name));
        }
    }

    private IEnumerable<Measurement<long>> ObserveFailures()
    {
        if (_snapshot is not Snapshot snapshot)
        {
            yield break;
        }

        foreach (SourceStatusView source in snapshot.Sources)
        {
            yield return new Measurement<long>(
                source.ConsecutiveFailures,
                new KeyValuePair<string, object?>("source_id", source.Id.ToString(CultureInfo.InvariantCulture)));
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

    private sealed record Snapshot(IReadOnlyList<SourceStatusView> Sources, long Items, long Stories);
}
