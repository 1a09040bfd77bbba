namespace FeedHub.Storage.Database;

/// <summary>One configured database: how to connect to it and how its engine spells SQL. Every
/// store takes this and nothing provider-specific.</summary>
internal sealed record StorageDatabase(IConnectionFactory Connections, ISqlDialect Dialect);
