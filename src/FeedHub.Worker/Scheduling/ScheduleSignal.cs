namespace FeedHub.Worker.Scheduling;

/// <summary>Lets whoever changes the <c>sources</c> table wake the synchronizer at once instead
/// of at its next tick.</summary>
public sealed class ScheduleSignal
{
    private readonly SemaphoreSlim _changed = new(0, 1);

    public void SourcesChanged()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up covers any number of changes.
        }
    }

    /// <returns>Whether a change was signalled (false: the timeout passed).</returns>
    internal async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var elapsed = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, elapsed.Token);
        try
        {
            await _changed.WaitAsync(either.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The interval elapsed with no signal: time for a routine sync.
            return false;
        }
    }
}
