using System.Threading.Channels;
using FeedHub.Storage.Database;
using Microsoft.Data.Sqlite;

namespace FeedHub.Storage.Sqlite;

/// <summary>Copies the batch writer's WAL back into the database on a connection and loop of its
/// own. SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold, on the
/// committing connection, and ends with two fsyncs: at 10,000 sources the writer spent 4.5 s of a
/// 27 s changed refresh blocked in 458 of them, and every poll waiting for its write waited behind
/// them. A PASSIVE checkpoint takes no write lock and waits for nobody, so here it runs beside the
/// writer, which goes on appending to the WAL while the pages are copied and synced.</summary>
/// <remarks>Checkpoints follow commits, paced to copy about <see cref="TargetFrames"/> WAL frames
/// each (SQLite's own automatic threshold): the wait between two halves when the last one found more
/// than twice that, doubles when it found less than half, within <see cref="MinWait"/> and
/// <see cref="MaxWait"/>. A burst of polls is checkpointed every few dozen milliseconds, a trickle of
/// worker polls every few seconds, an idle database never. The writer keeps an automatic checkpoint
/// of its own at <see cref="WriterFallbackPages"/> should this loop fall behind.</remarks>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>The writer connection's own automatic checkpoint: only if this loop falls behind.</summary>
    public const int WriterFallbackPages = 4000;

    internal const int TargetFrames = 1000;
    internal static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(50);
    internal static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly WriteMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    // One pending signal is all it takes: commits made while a checkpoint runs join the next one.
    private readonly Channel<bool> _commits = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly Task _loop;
    private int _checkpoints;
    private int _failures;
    private long _framesCopied;

    public SqliteCheckpointer(StorageDatabase database, WriteMetrics metrics, TimeProvider time)
        : this(((SqliteConnectionFactory)database.Connections).OpenUnpooledAsync, metrics, time)
    {
    }

    /// <param name="open">Opens the loop's connection: again after a failed checkpoint.</param>
    internal SqliteCheckpointer(Func<CancellationToken, Task<SqliteConnection>> open, WriteMetrics metrics, TimeProvider time)
    {
        _open = open;
        _metrics = metrics;
        _time = time;
        _loop = Task.Run(RunLoopAsync);
    }

    /// <summary>Checkpoints run so far.</summary>
    public int Checkpoints => Volatile.Read(ref _checkpoints);

    /// <summary>Checkpoints that failed, each retried at the next commit.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>WAL frames these checkpoints found to copy, in all.</summary>
    public long FramesCopied => Interlocked.Read(ref _framesCopied);

    /// <summary>Says a batch committed: its pages are in the WAL.</summary>
    public void Committed() => _commits.Writer.TryWrite(true);

    /// <summary>Stops at once: a checkpoint in progress finishes, none is started. The WAL left
    /// behind is the last connection's to checkpoint when it closes, as SQLite always does.</summary>
    public async ValueTask DisposeAsync()
    {
        _commits.Writer.TryComplete();
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunLoopAsync()
    {
        SqliteConnection? connection = null;
        TimeSpan wait = TimeSpan.FromMilliseconds(250);
        int backfilled = 0;
        try
        {
            while (await _commits.Reader.WaitToReadAsync(_stop.Token))
            {
                _commits.Reader.TryRead(out _);
                try
                {
                    connection ??= await _open(_stop.Token);
                    (int log, int copied) = await CheckpointAsync(connection);

                    // A WAL that restarted since the last one holds only new frames.
                    int fresh = Math.Max(0, log >= backfilled ? log - backfilled : log);
                    backfilled = copied;
                    // The metric first: whoever sees the count move sees everything it stands for.
                    _metrics.Checkpointed(fresh);
                    Interlocked.Add(ref _framesCopied, fresh);
                    Interlocked.Increment(ref _checkpoints);
                    wait = fresh > 2 * TargetFrames ? Max(MinWait, wait / 2)
                        : fresh < TargetFrames / 2 ? Min(MaxWait, wait * 2)
                        : wait;
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    // The file cannot be checkpointed now (another checkpoint, an outage, a file
                    // that cannot be opened): the next commit asks again, on a new connection, and the
                    // writer's own bound holds meanwhile. Nothing here may end the loop: a faulted loop
                    // would throw from the writer's disposal and stop checkpointing for the process's life.
                    // Counted: failures that go on mean a WAL the writer's own bound checkpoints.
                    _metrics.CheckpointFailed();
                    Interlocked.Increment(ref _failures);
                    await DisposeAsync(connection);
                    connection = null;
                }

                await Task.Delay(wait, _time, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        finally
        {
            await DisposeAsync(connection);
        }
    }

    /// <summary>The WAL's frames and how many of them are now in the database.</summary>
    private async Task<(int Log, int Copied)> CheckpointAsync(SqliteConnection connection)
    {
        await using SqliteCommand checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using SqliteDataReader row = await checkpoint.ExecuteReaderAsync(_stop.Token);
        // (busy, log, checkpointed); -1 and -1 when the database is not in WAL mode.
        return await row.ReadAsync(_stop.Token) ? (Math.Max(0, row.GetInt32(1)), Math.Max(0, row.GetInt32(2))) : (0, 0);
    }

    private static async Task DisposeAsync(SqliteConnection? connection)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
