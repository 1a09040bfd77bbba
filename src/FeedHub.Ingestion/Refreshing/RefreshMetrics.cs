using System.Diagnostics.Metrics;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Fetching;

namespace FeedHub.Ingestion.Refreshing;

/// <summary>The refresh's instruments on the <see cref="MeterName"/> meter; any listener (the
/// worker's Prometheus endpoint, dotnet-counters) can read them.</summary>
public sealed class RefreshMetrics
{
    public const string MeterName = "FeedHub.Refreshing";

    // Feeds answer in tens of milliseconds to tens of seconds; the default buckets are for milliseconds.
    private static readonly InstrumentAdvice<double> DurationBuckets = new()
    {
        HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    };

    private readonly Counter<long> _polls;
    private readonly Histogram<double> _fetchDuration;
    private readonly Counter<long> _fetchedBytes;
    private readonly Counter<long> _itemsStored;
    private readonly Counter<long> _entriesKnown;
    private readonly Counter<long> _thrown;
    private readonly Counter<long> _unchangedDocuments;
    private readonly Counter<long> _superseded;

    public RefreshMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        _polls = meter.CreateCounter<long>("feedhub.polls", "{poll}", "Polls of sources by outcome: fetched, not_modified or failed.");
        _fetchDuration = meter.CreateHistogram("feedhub.fetch.duration", "s", "Time of the conditional GET of a feed, redirects and waiting for a connection slot included.", advice: DurationBuckets);
        _fetchedBytes = meter.CreateCounter<long>("feedhub.fetched", "By", "Decoded bytes of feed bodies fetched.");
        _itemsStored = meter.CreateCounter<long>("feedhub.items.stored", "{item}", "Items written by refreshes: new ones and revisions of stored ones.");
        _thrown = meter.CreateCounter<long>("feedhub.polls.thrown", "{poll}", "Polls that threw instead of ending in an outcome, by reason (storage: the database refused a read or write; other: a bug) and whether the error could then be recorded on the source. Also counted as failed in feedhub.polls.");
        _unchangedDocuments = meter.CreateCounter<long>("feedhub.documents.unchanged", "{poll}", "Polls whose 200 body was byte for byte the last one parsed (every entry of which was stored as it is): recorded without a parse, its items touched. Also counted as fetched in feedhub.polls.");
        _superseded = meter.CreateCounter<long>("feedhub.polls.superseded", "{poll}", "Polls of clustered workers that ended after the cluster had handed their claim back (the worker was taken for dead while it ran): their items were stored, their record of the source left to the newer poll.");
        _entriesKnown = meter.CreateCounter<long>("feedhub.entries.known", "{entry}", "Entries of fetched documents stored as they are (known by their raw hash): only touched, not normalized again.");
    }

    public void Fetched(FetchResult result, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(result);
        _fetchDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", Outcome(result.Status)));
        if (result.Body.Length > 0)
        {
            _fetchedBytes.Add(result.Body.Length);
        }
    }

    public void Polled(RefreshStatus status)
    {
        if (status != RefreshStatus.Skipped)
        {
            _polls.Add(1, new KeyValuePair<string, object?>("outcome", Outcome(status)));
        }
    }

    public void Thrown(bool storage, bool recorded) =>
        _thrown.Add(
            1,
            new KeyValuePair<string, object?>("reason", storage ? "storage" : "other"),
            new KeyValuePair<string, object?>("recorded", recorded ? "true" : "false"));

    public void Stored(StoreResult stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        _itemsStored.Add(stored.Added, new KeyValuePair<string, object?>("change", "new"));
        _itemsStored.Add(stored.Updated, new KeyValuePair<string, object?>("change", "updated"));
    }

    public void Known(int entries)
    {
        if (entries > 0)
        {
            _entriesKnown.Add(entries);
        }
    }

    public void UnchangedDocument() => _unchangedDocuments.Add(1);

    public void Superseded() => _superseded.Add(1);

    private static string Outcome(FetchStatus status) => status switch
    {
        FetchStatus.Ok => "fetched",
        FetchStatus.NotModified => "not_modified",
        _ => "failed",
    };

    private static string Outcome(RefreshStatus status) => status switch
    {
        RefreshStatus.Updated => "fetched",
        RefreshStatus.NotModified => "not_modified",
        _ => "failed",
    };
}
