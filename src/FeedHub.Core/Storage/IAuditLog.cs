using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Core.Storage;

/// <summary>The record of admin actions, newest last written, listed newest first.</summary>
public interface IAuditLog
{
    Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <param name="sourceId">Only entries about this source, when given.</param>
    /// <param name="beforeId">Only entries older than this id (paging), when given.</param>
    Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, long? sourceId, long? beforeId, CancellationToken cancellationToken);
}
