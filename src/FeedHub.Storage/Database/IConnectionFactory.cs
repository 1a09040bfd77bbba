using System.Data.Common;

namespace FeedHub.Storage.Database;

/// <summary>Opens configured connections to one database engine.</summary>
internal interface IConnectionFactory
{
    int CommandTimeoutSeconds { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Opens a new, unpooled connection that never creates the database: it proves the
    /// database can be reached now, which a pooled connection opened earlier does not.</summary>
    Task<DbConnection> OpenProbeAsync(CancellationToken cancellationToken);
}
