using System.Runtime.InteropServices;

namespace FeedHub.Worker.Hosting;

/// <summary>Hands the free pages of glibc's malloc arenas back to the system. A freed block stays
/// the arena's unless it sits at the very top of it, so SQLite's page caches and statements, freed
/// and allocated again on whichever thread runs a poll, leave arenas holding tens of MB they do not
/// use: one <c>malloc_trim</c> in a worker at minute 13 of a 10,000-source hour took its arenas from
/// 44 to 15 MB (docs/load.md, "The worker's memory", fifth pass). <see cref="MallocArenas"/> cannot
/// prevent it: the runtime's own threads have arenas before <c>Main</c> runs.</summary>
public static class NativeHeap
{
    /// <summary>Whether the arenas were trimmed: false where there is no glibc (musl, other systems).</summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            _ = MallocTrim(0);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // DllImport: LibraryImport would need unsafe code in the whole project for one blittable call.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
