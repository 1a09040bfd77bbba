namespace FeedHub.Core.Storage;

/// <summary>A fingerprint of the <c>sources</c> table's definitions: every write that adds, edits,
/// pauses, resumes, removes or restores a source stamps <c>updated_at</c>, and recording a poll does
/// not (unless a redirect moved the source or a 410 paused it), so an equal stamp means nobody
/// changed what the schedule follows.</summary>
/// <param name="Rows">Every row, removed ones included (a purge deletes rows).</param>
/// <param name="LastId">The highest id: a new source, whatever its clock said.</param>
/// <param name="LastUpdatedAt">The latest definition change.</param>
public sealed record SourceTableStamp(long Rows, long LastId, DateTimeOffset? LastUpdatedAt);
