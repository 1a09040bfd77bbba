using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Analysis;
using Microsoft.Diagnostics.Tracing.Analysis.GC;
using Microsoft.Diagnostics.Tracing.Etlx;
using TraceLog = Microsoft.Diagnostics.Tracing.Etlx.TraceLog;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace FeedHub.Benchmarks;

/// <summary>`runtime-report TRACE.nettrace [frames] [rows]`: what the runtime spent on a traced
/// process, from a trace of its GC and JIT events (`dotnet-trace collect --providers
/// Microsoft-Windows-DotNETRuntime:0x11:5 -- COMMAND`): its collections by generation and their
/// pauses, the methods it compiled by tier and the time that took, and where it allocated. The
/// allocations come from the runtime's allocation ticks (one event per ~100 KB allocated, with the
/// type and stack of the allocation that crossed it), so each line is a sampled share of the bytes,
/// by type, by FeedHub's (and its libraries') frames on the stack, and by type with the innermost of
/// those frames. A CPU sample cannot say this: the GC's cost shows up wherever a collection happened
/// to start, not where the bytes were asked for.</summary>
internal static class RuntimeReport
{
    private static readonly string[] OwnFrames = ["FeedHub.", "CodeHollow.", "Dapper.", "Microsoft.Data.Sqlite.", "AngleSharp.", "Ganss."];

    public static void Run(string[] args)
    {
        if (args.Length == 0 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: runtime-report TRACE.nettrace [frames per stack, default 3] [rows, default 25]");
            Environment.ExitCode = 2;
            return;
        }

        int depth = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        int rows = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 25;
        string etlx = TraceLog.CreateFromEventPipeDataFile(args[0]);
        try
        {
            using var log = new TraceLog(etlx);
            PrintRuntime(log);
            PrintAllocations(log, depth, rows);
        }
        finally
        {
            File.Delete(etlx);
        }
    }

    private static void PrintRuntime(TraceLog log)
    {
        TraceLogEventSource source = log.Events.GetSource();
        source.NeedLoadedDotNetRuntimes();
        source.Process();
        foreach (var process in source.Processes())
        {
            TraceLoadedDotNetRuntime? runtime = process.LoadedDotNetRuntime();
            if (runtime is null || runtime.GC.GCs.Count == 0 && runtime.JIT.Methods.Count == 0)
            {
                continue;
            }

            var gcs = runtime.GC.GCs;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"process {process.ProcessID}: {gcs.Count} collections (gen0 {gcs.Count(gc => gc.Generation == 0)}, gen1 {gcs.Count(gc => gc.Generation == 1)}, gen2 {gcs.Count(gc => gc.Generation == 2)}, of them background {gcs.Count(gc => gc.Type == GCType.BackgroundGC)}), pauses {gcs.Sum(gc => gc.PauseDurationMSec) / 1000:F2} s, allocated {runtime.GC.Stats().TotalAllocatedMB:F0} MB"));
            var methods = runtime.JIT.Methods;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  JIT: {methods.Count} methods compiled in {methods.Sum(m => m.CompileCpuTimeMSec) / 1000:F2} s of compile time; by tier: {string.Join(", ", methods.GroupBy(m => m.OptimizationTier).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()} ({g.Sum(m => m.CompileCpuTimeMSec) / 1000:F2} s)"))}"));
        }
    }

    private static void PrintAllocations(TraceLog log, int depth, int rows)
    {
        var byType = new Dictionary<string, long>();
        var byFrame = new Dictionary<string, long>();
        var byPlace = new Dictionary<string, long>();
        long total = 0;
        foreach (TraceEvent traced in log.Events)
        {
            if (traced is not GCAllocationTickTraceData tick)
            {
                continue;
            }

            long bytes = tick.AllocationAmount64;
            total += bytes;
            Add(byType, tick.TypeName, bytes);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var own = new List<string>();
            for (TraceCallStack? frame = traced.CallStack(); frame is not null; frame = frame.Caller)
            {
                string name = frame.CodeAddress.FullMethodName;
                if (!OwnFrames.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    continue;
                }

                // Async state machines and lambdas read better by the method they belong to.
                string method = Shorten(name);
                if (seen.Add(method))
                {
                    Add(byFrame, method, bytes);
                    if (own.Count < depth)
                    {
                        own.Add(method);
                    }
                }
            }

            Add(byPlace, $"{tick.TypeName} <= {(own.Count == 0 ? "(runtime or framework only)" : string.Join(" <= ", own))}", bytes);
        }

        if (total == 0)
        {
            Console.WriteLine("no allocation ticks in the trace: collect with the GC keyword at verbose level (Microsoft-Windows-DotNETRuntime:0x11:5)");
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocations sampled: {total / 1048576.0:F0} MB"));
        Print("by type", byType, total, rows);
        Print("by frame on the stack (inclusive)", byFrame, total, rows * 2);
        Print("by type, from the innermost frames", byPlace, total, rows);
    }

    private static string Shorten(string name)
    {
        int parameters = name.IndexOf('(', StringComparison.Ordinal);
        string method = parameters < 0 ? name : name[..parameters];
        int stateMachine = method.IndexOf("+<", StringComparison.Ordinal);
        if (stateMachine >= 0)
        {
            int end = method.IndexOf('>', stateMachine);
            string owner = method[..stateMachine];
            string inner = end > stateMachine + 2 ? method[(stateMachine + 2)..end] : method[(stateMachine + 2)..];
            method = owner + "." + inner;
        }

        return method;
    }

    private static void Add(Dictionary<string, long> totals, string key, long bytes) =>
        totals[key] = totals.GetValueOrDefault(key) + bytes;

    private static void Print(string title, Dictionary<string, long> totals, long total, int rows)
    {
        Console.WriteLine($"== {title}");
        foreach ((string key, long bytes) in totals.OrderByDescending(entry => entry.Value).Take(rows))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes * 100.0 / total,6:F1} %  {bytes / 1048576.0,7:F0} MB  {key}"));
        }
    }
}
