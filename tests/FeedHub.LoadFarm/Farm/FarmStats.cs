namespace FeedHub.LoadFarm.Farm;

/// <summary>The farm's request log, as counters: the driver reads polls per second from here.</summary>
internal sealed class FarmStats
{
    private long _ok;
    private long _notModified;
    private long _notFound;

    public void Ok() => Interlocked.Increment(ref _ok);

    public void NotModified() => Interlocked.Increment(ref _notModified);

    public void NotFound() => Interlocked.Increment(ref _notFound);

    public FarmCounts Read()
    {
        long ok = Interlocked.Read(ref _ok);
        long notModified = Interlocked.Read(ref _notModified);
        return new FarmCounts(ok + notModified + Interlocked.Read(ref _notFound), ok, notModified);
    }
}

internal sealed record FarmCounts(long Requests, long Ok, long NotModified);

internal sealed record FarmRound(int Round, int Changed, int Entries);
