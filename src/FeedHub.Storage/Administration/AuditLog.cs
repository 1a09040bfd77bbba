using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Administration;

/// <summary>The <c>audit_log</c> table.</summary>
internal sealed class AuditLog(StorageDatabase database) : IAuditLog
{
    private const string Columns = "id, at, actor, action, source_id, details";

    public async Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        AuditEntry appended = await AppendAsync(session, entry);
        await session.CommitAsync();
        return appended;
    }

    /// <summary>Appends inside a transaction that also makes the change the entry records.</summary>
    public static async Task<AuditEntry> AppendAsync(StorageSession session, AuditEntry entry)
    {
        long id = await session.ExecuteScalarAsync<long>(
            session.Dialect.InsertReturningId("audit_log", "at, actor, action, source_id, details", "@At, @Actor, @Action, @SourceId, @Details"),
            new { entry.At, entry.Actor, entry.Action, entry.SourceId, entry.Details });
        return entry with { Id = id };
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, long? sourceId, long? beforeId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using StorageSession session = await StorageSession.BeginReadAsync(database, cancellationToken);
        List<AuditRow> rows = await session.QueryAsync<AuditRow>(
            $"""
            SELECT {Columns} FROM audit_log
            WHERE (@SourceId IS NULL OR source_id = @SourceId) AND (@BeforeId IS NULL OR id < @BeforeId)
            ORDER BY id DESC
            {session.Dialect.Limit("@Limit")}
            """,
            new { SourceId = sourceId, BeforeId = beforeId, Limit = limit });
        return rows.ConvertAll(row => new AuditEntry
        {
            Id = row.Id,
            At = row.At,
            Actor = row.Actor,
            Action = row.Action,
            SourceId = row.SourceId,
            Details = row.Details,
        });
    }

    private sealed class AuditRow
    {
        public long Id { get; set; }
        public DateTimeOffset At { get; set; }
        public string Actor { get; set; } = "";
        public string Action { get; set; } = "";
        public long? SourceId { get; set; }
        public string Details { get; set; } = "";
    }
}
