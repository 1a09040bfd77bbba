namespace FeedHub.Worker.Hosting;

/// <summary>Trims the native heap once a minute for as long as the worker runs (see
/// <see cref="NativeHeap"/>). A trim walks the arenas' free blocks, a few milliseconds at most;
/// commands that live seconds do not need it.</summary>
public sealed class NativeHeapTrimmer : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    // Made with the service, not when ExecuteAsync gets to run: the minutes count from the start.
    private readonly PeriodicTimer _timer;
    private long _trims;

    public NativeHeapTrimmer(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _timer = new PeriodicTimer(Interval, time);
    }

    /// <summary>How many trims have run.</summary>
    public long Trims => Interlocked.Read(ref _trims);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!NativeHeap.Trim())
                {
                    return;
                }

                Interlocked.Increment(ref _trims);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _timer.Dispose();
        base.Dispose();
    }
}
