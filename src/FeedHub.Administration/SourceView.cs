using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Administration;

/// <summary>A source as admins see it: the row, how many items it has stored, and how many of them
/// each of its rules blocked. Header values are masked: a view never carries a secret.</summary>
public sealed record SourceView
{
    /// <summary>What every header value reads as, in the API, the command line and the logs.</summary>
    public const string SecretMask = "********";

    public SourceView(FeedSource source, long items, IReadOnlyDictionary<string, long>? blocked = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source.Fetch.Headers.Count == 0
            ? source
            : source with { Fetch = source.Fetch with { Headers = source.Fetch.Headers.ToDictionary(h => h.Key, _ => SecretMask, StringComparer.OrdinalIgnoreCase) } };
        Items = items;
        Blocked = blocked ?? new Dictionary<string, long>();
    }

    public FeedSource Source { get; }

    public long Items { get; }

    /// <summary>Blocked items by what blocked them (<see cref="FeedHub.Core.Rules.BlockReasons"/>).</summary>
    public IReadOnlyDictionary<string, long> Blocked { get; }

    /// <summary>"paused", "failing", "ok" or "new" (never polled successfully).</summary>
    public string State => Source switch
    {
        { Enabled: false } => "paused",
        { ConsecutiveFailures: > 0 } => "failing",
        { LastSuccessAt: not null } => "ok",
        _ => "new",
    };
}
