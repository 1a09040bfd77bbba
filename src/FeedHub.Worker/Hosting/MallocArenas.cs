using System.Runtime.InteropServices;

namespace FeedHub.Worker.Hosting;

/// <summary>Caps glibc's malloc arenas from <c>Main</c> on. glibc gives a thread that finds the
/// arenas busy one of its own, up to eight per core, and each keeps the pages it once held: SQLite's
/// page caches and statements are allocated on whichever pool thread runs a poll, so a long-running
/// worker's native heap grows with the threads that ever polled, not with what it holds (docs/load.md,
/// "The worker's memory"). By <c>Main</c> the runtime's own threads have already made several arenas,
/// which this cannot take back; it only stops more. The deployments (deploy/) therefore set
/// <c>MALLOC_ARENA_MAX=2</c>, which glibc reads as the process starts; an operator's value is theirs
/// and is left alone; elsewhere than glibc nothing is done.</summary>
public static class MallocArenas
{
    /// <summary>The cap: one arena for the main thread, one shared by every other.</summary>
    public const int Cap = 2;

    private const int MArenaMax = -8;

    public static MallocArenasOutcome Limit(string? operatorSetting)
    {
        if (!string.IsNullOrEmpty(operatorSetting))
        {
            return MallocArenasOutcome.LeftToOperator;
        }

        if (!OperatingSystem.IsLinux())
        {
            return MallocArenasOutcome.NotGlibc;
        }

        try
        {
            return MallOpt(MArenaMax, Cap) == 1 ? MallocArenasOutcome.Capped : MallocArenasOutcome.NotGlibc;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl (Alpine) has no mallopt arenas to cap.
            return MallocArenasOutcome.NotGlibc;
        }
    }

    // DllImport: LibraryImport would need unsafe code in the whole project for one blittable call.
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}

public enum MallocArenasOutcome
{
    Capped,
    LeftToOperator,
    NotGlibc,
}
