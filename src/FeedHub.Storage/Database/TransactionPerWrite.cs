using System.Diagnostics;

namespace FeedHub.Storage.Database;

/// <summary>Every write in its own transaction, side by side: how server engines commit, where
/// only what their <see cref="SessionLock"/>s serialize waits.</summary>
internal sealed class TransactionPerWrite(StorageDatabase database, WriteMetrics metrics) : IWriteRunner
{
    public async Task<T> RunAsync<T>(Func<StorageSession, Task<T>> write, CancellationToken cancellationToken)
    {
        long asked = Stopwatch.GetTimestamp();
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        metrics.Started(Stopwatch.GetElapsedTime(asked));
        T result = await write(session);
        await session.CommitAsync();
        metrics.Committed(1);
        return result;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
