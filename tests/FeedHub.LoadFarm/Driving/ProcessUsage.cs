using System.Globalization;
using System.Runtime.InteropServices;

namespace FeedHub.LoadFarm.Driving;

/// <summary>CPU and memory of one process, read from /proc (Linux): the FeedHub process only,
/// never the farm or the harness.</summary>
internal static partial class ProcessUsage
{
    private const int ScClkTck = 2;
    private const int RusageChildren = -1;

    private static readonly double TicksPerSecond = Sysconf(ScClkTck);

    /// <summary>utime + stime of <c>/proc/PID/stat</c>, in seconds; null once the process is gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        string? stat = Read($"/proc/{pid}/stat");
        if (stat is null)
        {
            return null;
        }

        // The command name may hold spaces and parentheses: fields are counted after the last ')'.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }

    /// <summary>VmRSS and VmHWM (peak RSS) of <c>/proc/PID/status</c>, in bytes.</summary>
    public static (long Rss, long Peak)? Memory(int pid) => Breakdown(pid) is { } b ? (b.Rss, b.Peak) : null;

    /// <summary>VmRSS, VmHWM and VmRSS's parts (RssAnon: heaps; RssFile: mapped files such as the
    /// assemblies; RssShmem: shared memory, where the runtime double-maps JIT-compiled code) of
    /// <c>/proc/PID/status</c>, in bytes.</summary>
    public static RssBreakdown? Breakdown(int pid)
    {
        string? status = Read($"/proc/{pid}/status");
        if (status is null)
        {
            return null;
        }

        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string line in status.Split('\n'))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon] is "VmRSS" or "VmHWM" or "RssAnon" or "RssFile" or "RssShmem")
            {
                found[line[..colon]] = Kilobytes(line);
            }
        }

        return new RssBreakdown(
            found.GetValueOrDefault("VmRSS"), found.GetValueOrDefault("VmHWM"),
            found.GetValueOrDefault("RssAnon"), found.GetValueOrDefault("RssFile"), found.GetValueOrDefault("RssShmem"));
    }

    /// <summary>CPU of every child this process has waited for: taken before and after one child
    /// runs, the difference is that child's exact CPU time, including what it spent after the last
    /// /proc sample.</summary>
    public static double ChildrenCpuSeconds()
    {
        // struct rusage on 64-bit Linux: two timevals (seconds, microseconds), then 14 longs.
        long[] usage = new long[18];
        if (GetRusage(RusageChildren, usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed: {Marshal.GetLastPInvokeError()}");
        }

        return usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6;
    }

    private static long Kilobytes(string line) =>
        1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, [Out] long[] usage);

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long Sysconf(int name);
}

/// <summary>A process's resident memory and its parts, in bytes.</summary>
internal sealed record RssBreakdown(long Rss, long Peak, long Anon, long File, long Shmem);
