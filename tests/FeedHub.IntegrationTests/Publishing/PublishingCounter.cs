using System.Diagnostics.Metrics;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;
using FeedHub.Worker.Feeds;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Publishing;

/// <summary>Sums one <see cref="PublishingMetrics"/> counter of one host (its own meter factory),
/// from creation on.</summary>
internal sealed class PublishingCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public PublishingCounter(IServiceProvider services, string instrumentName)
    {
        IMeterFactory factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == PublishingMetrics.MeterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
