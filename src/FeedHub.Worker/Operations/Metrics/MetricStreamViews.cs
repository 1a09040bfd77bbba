using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace FeedHub.Worker.Operations.Metrics;

/// <summary>How each instrument becomes a stream on /metrics: which tags it keeps and how many
/// series it has room for.</summary>
public static class MetricStreamViews
{
    /// <summary>Room for the series of a stream whose tags are a short list of values: FeedHub's own
    /// (outcomes, states, kinds; six at most), the runtime's (generations, exception types) and
    /// Kestrel's. The SDK's default, 2,000, is allocated up front for every stream, ~144 KB each,
    /// about 9 MB over the worker's 65 streams for ~270 series in all (docs/load.md, "The worker's
    /// memory", fifth pass).</summary>
    public const int EnumeratedCardinalityLimit = 200;

    /// <summary>Room for a stream tagged by requests: the admin API's routes by method and status,
    /// the publishers' answers by status and error. Bounded by the code and the protocol, not by
    /// sources or hosts, but a product of several tags: ~40 routes by method and status at most.</summary>
    public const int RequestCardinalityLimit = 500;

    // .NET's HttpClient and DNS instruments tag every measurement with the host it went to.
    // FeedHub's hosts are its publishers, thousands of them: those tags would give each publisher
    // its own series (about 35 per host), so /metrics keeps only the tags that sum over them. A
    // slow or failing publisher shows in /status/sources.
    private static readonly string[] HttpTags = ["http.request.method", "http.response.status_code", "error.type", "network.protocol.version", "url.scheme"];
    private static readonly string[] DnsTags = ["error.type"];

    public static MeterProviderBuilder AddFeedHubStreamViews(this MeterProviderBuilder metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        // One view for all: every view that matches an instrument makes a stream of its own.
        return metrics.AddView(View);
    }

    /// <summary>The stream an instrument becomes; public so a test can check every instrument's.</summary>
    public static MetricStreamConfiguration View(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.Meter.Name switch
        {
            "System.Net.Http" => new MetricStreamConfiguration { TagKeys = HttpTags, CardinalityLimit = RequestCardinalityLimit },
            "System.Net.NameResolution" => new MetricStreamConfiguration { TagKeys = DnsTags, CardinalityLimit = EnumeratedCardinalityLimit },
            "Microsoft.AspNetCore.Hosting" or "Microsoft.AspNetCore.Routing" =>
                new MetricStreamConfiguration { CardinalityLimit = RequestCardinalityLimit },
            _ => new MetricStreamConfiguration { CardinalityLimit = EnumeratedCardinalityLimit },
        };
    }
}
