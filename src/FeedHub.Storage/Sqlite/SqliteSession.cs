using Dapper;
using Microsoft.Data.Sqlite;

namespace FeedHub.Storage.Sqlite;

/// <summary>One connection and one transaction for one store operation; every command gets
/// the transaction, the configured timeout and the caller's cancellation token.</summary>
internal sealed class SqliteSession : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly int _commandTimeout;
    private readonly CancellationToken _cancellationToken;

    private SqliteSession(SqliteConnection connection, SqliteTransaction transaction, int commandTimeout, CancellationToken cancellationToken)
    {
        _connection = connection;
        _transaction = transaction;
        _commandTimeout = commandTimeout;
        _cancellationToken = cancellationToken;
    }

    /// <summary>BEGIN IMMEDIATE: the write lock is taken up front (waiting up to busy_timeout),
    /// so a read followed by a write never fails with "database is locked".</summary>
    public static Task<SqliteSession> BeginWriteAsync(SqliteConnectionFactory connections, CancellationToken cancellationToken) =>
        BeginAsync(connections, deferred: false, cancellationToken);

    /// <summary>A deferred transaction: several reads see one snapshot of the WAL file.</summary>
    public static Task<SqliteSession> BeginReadAsync(SqliteConnectionFactory connections, CancellationToken cancellationToken) =>
        BeginAsync(connections, deferred: true, cancellationToken);

    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        _connection.ExecuteAsync(Command(sql, parameters));

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters = null) =>
        _connection.ExecuteScalarAsync<T>(Command(sql, parameters));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null) =>
        _connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters));

    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        (await _connection.QueryAsync<T>(Command(sql, parameters))).AsList();

    public Task CommitAsync() => _transaction.CommitAsync(_cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Disposing an uncommitted transaction rolls it back.
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private static async Task<SqliteSession> BeginAsync(SqliteConnectionFactory connections, bool deferred, CancellationToken cancellationToken)
    {
        SqliteConnection connection = await connections.OpenAsync(cancellationToken);
        try
        {
            SqliteTransaction transaction = connection.BeginTransaction(deferred);
            return new SqliteSession(connection, transaction, connections.CommandTimeoutSeconds, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private CommandDefinition Command(string sql, object? parameters) =>
        new(sql, parameters, _transaction, _commandTimeout, cancellationToken: _cancellationToken);
}
