using FeedHub.Core.Storage;
using FeedHub.Publishing;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;

namespace FeedHub.Publishing.Changes;

/// <summary>Reads the change version for requests, fresh every time yet at most one read in
/// flight: a request waits for a read that began after it arrived, and every request that arrives
/// during a read shares the next one. Under load one database read serves a whole batch of
/// requests, and no request is ever answered from a version older than its own arrival.</summary>
public sealed class ChangeVersionGate(IStoryReader stories)
{
    private readonly Lock _lock = new();
    private Task<long>? _running;
    private TaskCompletionSource<long>? _queued;

    public Task<long> CurrentAsync()
    {
        lock (_lock)
        {
            if (_queued is not null)
            {
                return _queued.Task;
            }

            if (_running is null)
            {
                _running = ReadAsync();
                return _running;
            }

            _queued = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _queued.Task;
        }
    }

    private async Task<long> ReadAsync()
    {
        // Yield first so the caller's lock is released before the read (and its continuation) runs.
        await Task.Yield();
        try
        {
            // No caller's token: the read is shared, and one cancelled request must not fail the others.
            return await stories.GetChangeVersionAsync(CancellationToken.None);
        }
        finally
        {
            StartQueued();
        }
    }

    private void StartQueued()
    {
        TaskCompletionSource<long>? queued;
        lock (_lock)
        {
            queued = _queued;
            _queued = null;
            _running = queued is null ? null : ReadAsync();
            if (queued is null)
            {
                return;
            }

            _ = Complete(_running!, queued);
        }
    }

    private static async Task Complete(Task<long> read, TaskCompletionSource<long> queued)
    {
        try
        {
            queued.TrySetResult(await read);
        }
        catch (Exception ex)
        {
            queued.TrySetException(ex);
        }
    }
}
