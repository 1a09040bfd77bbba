using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace FeedHub.Worker.Operations.Metrics;

/// <summary>The HttpClient and DNS instruments of .NET tag every measurement with the host it
/// went to. FeedHub's hosts are its publishers, thousands of them: those tags would give each
/// publisher its own series (about 35 per host), so /metrics keeps only the tags that sum over
/// them. A slow or failing publisher shows in <c>/status/sources</c>.</summary>
internal static class HttpClientMetricViews
{
    private static readonly string[] HttpTags = ["http.request.method", "http.response.status_code", "error.type", "network.protocol.version", "url.scheme"];
    private static readonly string[] DnsTags = ["error.type"];

    public static MeterProviderBuilder AddPublisherAggregateViews(this MeterProviderBuilder metrics) =>
        metrics.AddView(View);

    private static MetricStreamConfiguration? View(Instrument instrument) => instrument.Meter.Name switch
    {
        "System.Net.Http" => new MetricStreamConfiguration { TagKeys = HttpTags },
        "System.Net.NameResolution" => new MetricStreamConfiguration { TagKeys = DnsTags },
        _ => null,
    };
}
