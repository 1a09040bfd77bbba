using FeedHub.Core.Sources;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Sources;

/// <summary>The four columns of <c>sources</c> an in-memory schedule follows
/// (<see cref="Core.Storage.ISourceStore.ListScheduledAsync"/>).</summary>
internal static class ScheduledSources
{
    private const string Sql =
        "SELECT id, url, interval_seconds, next_due_at FROM sources WHERE enabled = 1 AND deleted_at IS NULL ORDER BY id";

    private static readonly object NoParameters = new();

    public static async Task<IReadOnlyList<ScheduledSource>> ListEnabledAsync(StorageDatabase database, CancellationToken cancellationToken)
    {
        await using StorageSession session = await StorageSession.BeginSingleReadAsync(database, cancellationToken);
        List<Row> rows = await session.QueryAllPreparedAsync<Row>(Sql, NoParameters);
        return rows.ConvertAll(row => new ScheduledSource(
            row.Id, row.Url, row.IntervalSeconds is long seconds ? TimeSpan.FromSeconds(seconds) : null, row.NextDueAt));
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string Url { get; set; } = "";
        public long? IntervalSeconds { get; set; }
        public DateTimeOffset? NextDueAt { get; set; }
    }
}
