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

    /// <summary>False when the database is known not to exist yet (an SQLite file not created), so
    /// that asking for its schema needs no connection, and creates nothing. Engines that cannot tell
    /// without connecting answer true and let the connection report what is missing.</summary>
    bool DatabaseExists => true;
}
