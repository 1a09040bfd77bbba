using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Core.Storage;

/// <summary>One recorded admin action: who did what to which source, and what changed.</summary>
public sealed record AuditEntry
{
    public long Id { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>The API key id that acted, "cli" for the command line, or "config" for a start applying the configured sources.</summary>
    public required string Actor { get; init; }

    /// <summary>"add", "update", "pause", "resume", "remove", "purge", "import", "refresh".</summary>
    public required string Action { get; init; }

    public long? SourceId { get; init; }

    /// <summary>One line saying what changed, e.g. <c>title: "A" → "B"; tags: [] → [kalsel]</c>.</summary>
    public required string Details { get; init; }
}
