using System.Data.Common;
using Dapper;
using FeedHub.Storage.Sqlite;

namespace FeedHub.Storage.Database;

/// <summary>One connection and one transaction for one store operation (or, for a single
/// statement, no transaction of its own); every command gets the transaction, the configured
/// timeout and the caller's cancellation token.</summary>
internal sealed class StorageSession : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly int _commandTimeout;
    private readonly bool _ownsTransaction;

    private StorageSession(DbConnection connection, DbTransaction? transaction, ISqlDialect dialect, int commandTimeout, CancellationToken cancellationToken, bool ownsTransaction = true)
    {
        _connection = connection;
        _transaction = transaction;
        _commandTimeout = commandTimeout;
        _ownsTransaction = ownsTransaction;
        Dialect = dialect;
        CancellationToken = cancellationToken;
    }

    public ISqlDialect Dialect { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>A transaction for a read followed by writes: on SQLite BEGIN IMMEDIATE takes the
    /// write lock up front (waiting up to busy_timeout), so it never fails with "database is
    /// locked"; see <see cref="ISqlDialect.BeginWriteAsync"/> for the server engines.</summary>
    public static Task<StorageSession> BeginWriteAsync(StorageDatabase database, CancellationToken cancellationToken) =>
        BeginAsync(database, write: true, cancellationToken);

    /// <summary>A read-only transaction: several reads see one snapshot.</summary>
    public static Task<StorageSession> BeginReadAsync(StorageDatabase database, CancellationToken cancellationToken) =>
        BeginAsync(database, write: false, cancellationToken);

    /// <summary>A session for one read statement: no transaction around it, since one statement
    /// reads one consistent state on every engine. It spares the two statements a transaction costs
    /// (on SQLite, BEGIN and the ROLLBACK that ends a read), which the steady poll pays on every
    /// source load; a second statement on this session would see another state, so it has none.</summary>
    public static async Task<StorageSession> BeginSingleReadAsync(StorageDatabase database, CancellationToken cancellationToken)
    {
        DbConnection connection = await database.Connections.OpenAsync(cancellationToken);
        return new StorageSession(connection, transaction: null, database.Dialect, database.Connections.CommandTimeoutSeconds, cancellationToken);
    }

    /// <summary>A session over a transaction someone else owns (the SQLite writer's batch): it
    /// neither commits nor ends it.</summary>
    public static StorageSession Join(DbConnection connection, DbTransaction transaction, StorageDatabase database, CancellationToken cancellationToken) =>
        new(connection, transaction, database.Dialect, database.Connections.CommandTimeoutSeconds, cancellationToken, ownsTransaction: false);

    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        _connection.ExecuteAsync(Command(sql, parameters));

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters = null) =>
        _connection.ExecuteScalarAsync<T>(Command(sql, parameters));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null) =>
        _connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters));

    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        (await _connection.QueryAsync<T>(Command(sql, parameters))).AsList();

    /// <summary>A statement every poll sends: on SQLite run through the connection's cache of
    /// prepared statements (<see cref="SqliteStatementCache"/>), elsewhere as any other (Npgsql
    /// prepares repeated statements by itself).</summary>
    public Task<int> ExecutePreparedAsync(string sql, object parameters) =>
        SqliteStatementCache.For(_connection) is { } cache
            ? Run(() => cache.Execute(sql, parameters, CancellationToken))
            : ExecuteAsync(sql, parameters);

    /// <summary>A query every poll sends (see <see cref="ExecutePreparedAsync"/>): its first row,
    /// mapped as Dapper maps it on every engine (on SQLite by <see cref="SqliteRowReader{T}"/>).</summary>
    public Task<T?> QueryPreparedAsync<T>(string sql, object parameters)
        where T : class, new() =>
        SqliteStatementCache.For(_connection) is { } cache
            ? Run(() => cache.QueryFirstOrDefault<T>(sql, parameters, CancellationToken))
            : QuerySingleOrDefaultAsync<T>(sql, parameters);

    /// <summary>A query run on SQLite only, through the statement cache (<see cref="ExecutePreparedAsync"/>):
    /// each row goes to <paramref name="read"/> until it returns false, and the rest is not read.
    /// The server engines answer such a query in one statement per batch instead (see
    /// <see cref="ISqlDialect.ApplyToIntegerList"/>): a statement per element would be a round trip each.</summary>
    /// <returns>False, with nothing run, where there is no statement cache (a server engine, or a
    /// SQLite handle the cache could not attach to): the caller reads another way.</returns>
    public bool TryQueryEachPrepared(string sql, object parameters, Func<SqliteRow, bool> read)
    {
        if (SqliteStatementCache.For(_connection) is not { } cache)
        {
            return false;
        }

        cache.QueryEach(sql, parameters, read, CancellationToken);
        return true;
    }

    /// <summary>A query every poll sends: all its rows (see <see cref="QueryPreparedAsync{T}"/>).</summary>
    public Task<List<T>> QueryAllPreparedAsync<T>(string sql, object parameters)
        where T : class, new() =>
        SqliteStatementCache.For(_connection) is { } cache
            ? Run(() => cache.Query<T>(sql, parameters, CancellationToken))
            : QueryAsync<T>(sql, parameters);

    /// <summary>A statement to run once per row of a batch on this session (see <see cref="RepeatedCommand{TRow}"/>).</summary>
    public RepeatedCommand<TRow> Repeat<TRow>(string sql)
        where TRow : class =>
        new(_connection, _transaction ?? throw new InvalidOperationException("A single-read session cannot repeat a write."), _commandTimeout, sql);

    public Task CommitAsync() => (_ownsTransaction, _transaction) switch
    {
        (false, _) => throw new InvalidOperationException("A joined session is committed by the owner of its transaction."),
        (true, null) => throw new InvalidOperationException("A single-read session has no transaction to commit."),
        (true, DbTransaction transaction) => transaction.CommitAsync(CancellationToken),
    };

    public async ValueTask DisposeAsync()
    {
        if (!_ownsTransaction)
        {
            return;
        }

        // Disposing an uncommitted transaction rolls it back.
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    private static async Task<StorageSession> BeginAsync(StorageDatabase database, bool write, CancellationToken cancellationToken)
    {
        DbConnection connection = await database.Connections.OpenAsync(cancellationToken);
        try
        {
            DbTransaction transaction = write
                ? await database.Dialect.BeginWriteAsync(connection, cancellationToken)
                : await database.Dialect.BeginReadAsync(connection, cancellationToken);
            return new StorageSession(connection, transaction, database.Dialect, database.Connections.CommandTimeoutSeconds, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // SQLite runs synchronously on the calling thread either way (Microsoft.Data.Sqlite's async
    // methods do too); a failure still comes back in the task, as from the other path.
    private static Task<T> Run<T>(Func<T> run)
    {
        try
        {
            return Task.FromResult(run());
        }
        catch (Exception exception)
        {
            return Task.FromException<T>(exception);
        }
    }

    private CommandDefinition Command(string sql, object? parameters) =>
        new(sql, parameters, _transaction, _commandTimeout, cancellationToken: CancellationToken);
}
