namespace FeedHub.Storage.Database;

/// <summary>Runs the write transactions that polls make many of at once (a refresh's commit, a
/// 304's or a failure's record). A write is the work on a session; the runner owns the
/// transaction around it and completes the write's task only once the work is committed, so a
/// caller never reports success before the outcome is durable. Each write is atomic to readers.
/// The work must not start another write through the runner (it may run on the runner's one loop).</summary>
internal interface IWriteRunner : IAsyncDisposable
{
    Task<T> RunAsync<T>(Func<StorageSession, Task<T>> write, CancellationToken cancellationToken);
}
