using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using FeedHub.Storage.Database;
using Microsoft.Data.Sqlite;

namespace FeedHub.Storage.Sqlite;

/// <summary>SQLite has one write lock. Parallel polls that each took it (BEGIN IMMEDIATE) spent
/// their time waiting in its busy handler, threads asleep while the lock was already free. Here
/// the polls queue their writes instead, and one loop runs whatever is queued in one transaction:
/// each write after the first under its own SAVEPOINT, so a write that throws is undone alone and
/// its batch-mates commit (a first write that throws takes the transaction, which holds nothing
/// else, with it, and ends the batch); later writes see earlier ones (same connection, in queue
/// order, so a source's writes keep their order and story assignment sees the stories just placed).
/// Each write's task completes after the batch's COMMIT: nothing is reported stored before it is
/// durable, and readers, who see committed state only, see all of a poll or none of it.
/// Other writers (admin commands, the purge, another process) still take the lock themselves and
/// wait for a batch through busy_timeout; the bounds below keep a batch far shorter than that.
/// The batches run on one connection of the writer's own, kept from batch to batch (see
/// <see cref="OpenOwnAsync"/>) and used by this loop alone, one batch after the other.</summary>
internal sealed class SqliteBatchWriter : IWriteRunner
{
    // With the time window (StorageOptions.WriteBatchWindow, 250 ms by default), a batch ends long
    // before anyone waiting for the lock through busy_timeout (the command timeout, 30 s by default)
    // gives up.
    private const int MaxWrites = 64;

    private const string Savepoint = "poll_write";
    private const string SavepointSql = "SAVEPOINT " + Savepoint;
    private const string ReleaseSql = "RELEASE SAVEPOINT " + Savepoint;

    // Each write's savepoint keeps the original of every page the write changes in a sub-journal,
    // a temporary file once it passes 64 KiB: at 10,000 sources half of a changed refresh's pwrite
    // calls (1.63 M of them for 4,928 new items) went there. For the batches, temporary storage is
    // memory: a sub-journal holds at most one write's pages and goes at its RELEASE. The connection
    // runs nothing but batches, so this stays set for its life.
    // Its page cache is 8 MiB (the default is 2 MiB): at 10,000 sources the writes of a changed
    // refresh read over 1.1 M pages back from the file with pread, pages a 2 MiB cache had
    // evicted; 8 MiB cut the refresh's preads 43 % with peak RSS within issue 12's 200 MB (16 MiB
    // reached 198 MB; docs/benchmarks.md, "The writer's own connection"). Readers keep 2 MiB: every
    // commit empties their caches anyway.
    // Its automatic checkpoint is only a bound: the checkpointer copies the WAL beside it.
    private static readonly string OwnConnectionPragmas =
        $"PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8192; PRAGMA wal_autocheckpoint={SqliteCheckpointer.WriterFallbackPages};";

    private static readonly object NoParameters = new();

    private readonly StorageDatabase _database;
    private readonly WriteMetrics _metrics;
    private readonly TimeSpan _window;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteCheckpointer _checkpointer;
    private readonly Task _loop;

    // Touched by the loop alone, and by DisposeAsync once the loop has ended.
    private SqliteConnection? _connection;

    public SqliteBatchWriter(StorageDatabase database, WriteMetrics metrics, TimeSpan window, TimeProvider time)
    {
        _database = database;
        _metrics = metrics;
        _window = window;
        _checkpointer = new SqliteCheckpointer(database, metrics, time);
        _loop = Task.Run(RunLoopAsync);
    }

    /// <summary>What copies this writer's WAL back into the database.</summary>
    internal SqliteCheckpointer Checkpointer => _checkpointer;

    /// <summary>The statement cache of the writer's connection; null before its first batch. For
    /// tests, read while no batch runs (the connection is the loop's alone).</summary>
    internal SqliteStatementCache? Statements => _connection is { } connection ? SqliteStatementCache.For(connection) : null;

    /// <summary>The writer's connection; null before its first batch. For benchmarks, which time its
    /// statements, read while no batch runs.</summary>
    internal SqliteConnection? Connection => _connection;

    public Task<T> RunAsync<T>(Func<StorageSession, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var pending = new PendingWrite<T>(write, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            return Task.FromException<T>(new ObjectDisposedException(nameof(SqliteBatchWriter), "The storage writer has stopped: the host is shutting down."));
        }

        _metrics.Queued(1);
        return pending.Task;
    }

    private bool TryDequeue([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PendingWrite? pending)
    {
        if (!_queue.Reader.TryRead(out pending))
        {
            return false;
        }

        _metrics.Queued(-1);
        return true;
    }

    /// <summary>Takes no new writes and returns once every queued one is committed or failed, and
    /// closes the writer's connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        await _checkpointer.DisposeAsync();
        await CloseConnectionAsync();
    }

    private async Task RunLoopAsync()
    {
        // No token: the loop ends when the queue is completed and drained, never halfway.
        while (await _queue.Reader.WaitToReadAsync())
        {
            await RunBatchAsync();
        }
    }

    private async Task RunBatchAsync()
    {
        SqliteConnection connection;
        DbTransaction? transaction = null;
        var written = new List<PendingWrite>();
        bool lost = false;
        try
        {
            try
            {
                connection = _connection ??= await OpenOwnAsync();
                transaction = await _database.Dialect.BeginWriteAsync(connection, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The database cannot be written now (unreachable, or the lock not granted within
                // busy_timeout): every write queued meanwhile would meet the same answer. Each
                // caller records the failure on its source if it can (FeedRefresher). The next
                // batch starts on a new connection, as an outage may have broken this one.
                while (TryDequeue(out PendingWrite? queued))
                {
                    queued.Fail(ex);
                }

                await CloseConnectionAsync();
                return;
            }

            long began = Stopwatch.GetTimestamp();
            while (written.Count < MaxWrites && Stopwatch.GetElapsedTime(began) < _window && TryDequeue(out PendingWrite? pending))
            {
                if (!pending.TryStart())
                {
                    continue;
                }

                _metrics.Started(Stopwatch.GetElapsedTime(pending.QueuedAt));
                // While nothing in the transaction is to be kept, a write that throws can take the
                // whole transaction with it: no savepoint (see TryWriteAsync), and the batch ends.
                bool alone = written.Count == 0;
                bool stored;
                try
                {
                    stored = await TryWriteAsync(connection, transaction, pending, alone);
                }
                catch (Exception ex)
                {
                    pending.Fail(ex);
                    throw;
                }

                if (stored)
                {
                    written.Add(pending);
                }
                else if (alone)
                {
                    break;
                }
            }

            if (written.Count > 0)
            {
                await transaction.CommitAsync(CancellationToken.None);
                _metrics.Committed(written.Count);
                _checkpointer.Committed();
            }
        }
        catch (Exception ex)
        {
            // The batch's transaction is lost (the COMMIT failed, or SQLite rolled the whole
            // transaction back on an I/O error or a full disk): nothing of it is stored, and the
            // connection that failed is not trusted with the next batch.
            foreach (PendingWrite pending in written)
            {
                pending.Fail(ex);
            }

            written.Clear();
            lost = true;
        }
        finally
        {
            await DisposeQuietlyAsync(transaction);
        }

        if (lost)
        {
            await CloseConnectionAsync();
        }

        foreach (PendingWrite pending in written)
        {
            pending.Complete();
        }
    }

    /// <summary>Runs one write under its savepoint, or, when it is <paramref name="alone"/> in the
    /// transaction so far, under the transaction itself. False when it threw: it is undone (alone,
    /// with the transaction: the batch must end) and its caller has the exception. Throws when
    /// undoing it fails, as the transaction is gone.</summary>
    private async Task<bool> TryWriteAsync(DbConnection connection, DbTransaction transaction, PendingWrite pending, bool alone)
    {
        // Under a savepoint, every statement with a statement journal (an insert firing the search
        // index's trigger, say) ends by cutting the in-memory sub-journal back to where it began,
        // which SQLite finds by walking its 1 KiB chunks from the first: a walk as long as all the
        // write has journaled so far, per statement. In the commit of a feed of 1,000 new entries
        // the walk was about a tenth of the time (docs/benchmarks.md, "The sub-journal of a large write").
        if (alone)
        {
            try
            {
                await pending.RunAsync(StorageSession.Join(connection, transaction, _database, pending.CancellationToken));
                return true;
            }
            catch (Exception ex)
            {
                try
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                }
                finally
                {
                    pending.Fail(ex);
                }

                return false;
            }
        }

        // Every poll's write opens and releases its savepoint: prepared once per connection (as
        // SqliteTransaction.Save and Release would send them, compiled anew each time).
        SqliteStatementCache? statements = SqliteStatementCache.For(connection);
        await SendAsync(statements, transaction, SavepointSql, static (t, name) => t.SaveAsync(name, CancellationToken.None));
        try
        {
            await pending.RunAsync(StorageSession.Join(connection, transaction, _database, pending.CancellationToken));
        }
        catch (Exception ex)
        {
            try
            {
                await transaction.RollbackAsync(Savepoint, CancellationToken.None);
                await transaction.ReleaseAsync(Savepoint, CancellationToken.None);
            }
            finally
            {
                pending.Fail(ex);
            }

            return false;
        }

        await SendAsync(statements, transaction, ReleaseSql, static (t, name) => t.ReleaseAsync(name, CancellationToken.None));
        return true;
    }

    private static Task SendAsync(SqliteStatementCache? statements, DbTransaction transaction, string sql, Func<DbTransaction, string, Task> plain)
    {
        if (statements is null)
        {
            return plain(transaction, Savepoint);
        }

        statements.Execute(sql, NoParameters, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>The writer's connection, unpooled, so no reader ever gets it. In WAL mode SQLite
    /// empties a connection's page cache when it begins a transaction and finds that another
    /// connection has written since; a pooled connection per batch could be one whose cache other
    /// batches' commits had made stale. This one, the only writer in a refresh, keeps its cache
    /// from batch to batch, and a larger one than the readers' (see OwnConnectionPragmas).</summary>
    private async Task<SqliteConnection> OpenOwnAsync()
    {
        SqliteConnection connection = await ((SqliteConnectionFactory)_database.Connections).OpenUnpooledAsync(CancellationToken.None);
        try
        {
            await using SqliteCommand pragmas = connection.CreateCommand();
            pragmas.CommandText = OwnConnectionPragmas;
            await pragmas.ExecuteNonQueryAsync(CancellationToken.None);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task CloseConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    private static async Task DisposeQuietlyAsync(DbTransaction? transaction)
    {
        try
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
        catch (DbException)
        {
            // A transaction SQLite already rolled back cannot be rolled back again; nothing is lost.
        }
    }

    /// <summary>A queued write: its caller may give up while it waits in the queue, never once its
    /// work has started (the work then ends in the batch's commit or its own rollback).</summary>
    private abstract class PendingWrite
    {
        private const int Queued = 0;
        private const int Started = 1;
        private const int Abandoned = 2;

        private int _state;

        protected PendingWrite(CancellationToken cancellationToken)
        {
            CancellationToken = cancellationToken;
        }

        public long QueuedAt { get; } = Stopwatch.GetTimestamp();

        public CancellationToken CancellationToken { get; }

        public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;

        public abstract Task RunAsync(StorageSession session);

        public abstract void Complete();

        public abstract void Fail(Exception error);

        protected bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued;
    }

    private sealed class PendingWrite<T> : PendingWrite
    {
        private readonly Func<StorageSession, Task<T>> _write;
        // Callers continue on their own threads, never on the writer's loop.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _cancellation;
        private T? _result;

        public PendingWrite(Func<StorageSession, Task<T>> write, CancellationToken cancellationToken)
            : base(cancellationToken)
        {
            _write = write;
            _cancellation = cancellationToken.Register(static state =>
            {
                var pending = (PendingWrite<T>)state!;
                if (pending.TryAbandon())
                {
                    pending._completion.TrySetCanceled(pending.CancellationToken);
                }
            }, this);
        }

        public Task<T> Task => _completion.Task;

        public override async Task RunAsync(StorageSession session) => _result = await _write(session);

        public override void Complete()
        {
            _cancellation.Dispose();
            _completion.TrySetResult(_result!);
        }

        public override void Fail(Exception error)
        {
            _cancellation.Dispose();
            if (error is OperationCanceledException canceled)
            {
                _completion.TrySetCanceled(canceled.CancellationToken);
            }
            else
            {
                _completion.TrySetException(error);
            }
        }
    }
}
