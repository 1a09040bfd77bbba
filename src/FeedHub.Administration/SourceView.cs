using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Administration;

/// <summary>A source as admins see it: the row and how many items it has stored.</summary>
public sealed record SourceView(FeedSource Source, long Items)
{
    /// <summary>"paused", "failing", "ok" or "new" (never polled successfully).</summary>
    public string State => Source switch
    {
        { Enabled: false } => "paused",
        { ConsecutiveFailures: > 0 } => "failing",
        { LastSuccessAt: not null } => "ok",
        _ => "new",
    };
}
