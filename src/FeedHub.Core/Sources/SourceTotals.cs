namespace FeedHub.Core.Sources;

/// <summary>Counts over every source that is not deleted: how many are in each
/// <see cref="SourceState"/>, the longest failure streak, and what they hold. What the metrics
/// show; read in one statement, so a scrape costs the same at ten sources and at ten thousand.</summary>
public sealed record SourceTotals(
    long Pending,
    long Ok,
    long Failing,
    long FailingTooLong,
    long Paused,
    long Gone,
    long MaxConsecutiveFailures,
    long Items,
    long Stories)
{
    public long Count(SourceState state) => state switch
    {
        SourceState.Pending => Pending,
        SourceState.Ok => Ok,
        SourceState.Failing => Failing,
        SourceState.FailingTooLong => FailingTooLong,
        SourceState.Paused => Paused,
        SourceState.Gone => Gone,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
