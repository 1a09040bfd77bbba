using System.Globalization;
using System.Text.RegularExpressions;
using FeedHub.LoadFarm.Farm;

namespace FeedHub.LoadFarm.Driving;

/// <summary><c>refresh</c>: the farm's feeds imported, then <c>refresh --all</c> runs: the first
/// (everything new), then per run one with nothing changed and one after a round of changes.</summary>
internal static partial class RefreshBench
{
    public static async Task<int> RunAsync(FarmArguments args)
    {
        Console.WriteLine(FormattableString.Invariant($"refresh bench: {args.Feeds} feeds of {args.Entries} entries on {args.Hosts} hosts; {args.Changed:P0} change by {args.MinNew}-{args.MaxNew} entries per round; {args.Runs} runs; {Environment.ProcessorCount} cores"));
        await using FarmProcess farm = await FarmProcess.StartAsync(args);
        using Workspace workspace = await Workspace.CreateAsync(args, farm.Layout);

        // The baseline build keeps a database of its own (work/baseline/), imported and refreshed by
        // itself, each of its runs just before the same run of this build and against the same farm
        // round: its own schema (a migration of this build is invisible to it otherwise) and what it
        // stored itself.
        using Workspace? baselineWorkspace = args.Baseline is null
            ? null
            : await Workspace.CreateAsync(args, farm.Layout, Path.Combine(workspace.Path, "baseline"), args.Baseline);
        FeedHubProcess? baseline = baselineWorkspace?.FeedHub;
        if (baseline is not null)
        {
            await MeasureAsync(baseline, farm, "baseline first");
        }

        RefreshFigures first = await MeasureAsync(workspace, farm, "first");
        var unchanged = new List<RefreshFigures>();
        var changed = new List<RefreshFigures>();
        var baseUnchanged = new List<RefreshFigures>();
        var baseChanged = new List<RefreshFigures>();
        for (int run = 1; run <= args.Runs; run++)
        {
            if (baseline is not null)
            {
                baseUnchanged.Add(await MeasureAsync(baseline, farm, $"baseline unchanged #{run}"));
            }

            unchanged.Add(await MeasureAsync(workspace.FeedHub, farm, $"unchanged #{run}"));
            FarmRound round = await farm.AdvanceAsync(args.Changed);
            if (baseline is not null)
            {
                baseChanged.Add(await MeasureAsync(baseline, farm, $"baseline changed #{run}"));
            }

            changed.Add(await MeasureAsync(workspace.FeedHub, farm, $"changed #{run} ({round.Changed} feeds, {round.Entries} entries)"));
        }

        // What `stories --work` compares FeedHub's stories with.
        await farm.SaveTruthAsync(workspace.Path);
        Console.WriteLine(FormattableString.Invariant($"median unchanged: {Median(unchanged)}"));
        Console.WriteLine(FormattableString.Invariant($"median changed:   {Median(changed)}"));
        if (baseline is not null)
        {
            Console.WriteLine(FormattableString.Invariant($"baseline median unchanged: {Median(baseUnchanged)}; cpu ratio {Median(unchanged, f => f.CpuSeconds) / Median(baseUnchanged, f => f.CpuSeconds):F2}"));
            Console.WriteLine(FormattableString.Invariant($"baseline median changed:   {Median(baseChanged)}; cpu ratio {Median(changed, f => f.CpuSeconds) / Median(baseChanged, f => f.CpuSeconds):F2}"));
        }

        return first.Failed == 0 && unchanged.Concat(changed).All(f => f.Failed == 0) ? 0 : 1;
    }

    private static Task<RefreshFigures> MeasureAsync(Workspace workspace, FarmProcess farm, string label) =>
        MeasureAsync(workspace.FeedHub, farm, label);

    private static async Task<RefreshFigures> MeasureAsync(FeedHubProcess feedHub, FarmProcess farm, string label)
    {
        FarmCounts before = await farm.CountsAsync();
        CommandCost cost = await feedHub.RunAsync("refresh", "--all");
        FarmCounts after = await farm.CountsAsync();
        Match summary = SummaryLine().Match(cost.Output);
        if (!summary.Success)
        {
            throw new InvalidOperationException($"refresh --all exited with {cost.ExitCode} and no summary: {cost.Output} {cost.Error}");
        }

        int Group(string name) => int.Parse(summary.Groups[name].Value, CultureInfo.InvariantCulture);
        long requests = after.Requests - before.Requests;
        var figures = new RefreshFigures(Group("polled"), Group("new"), Group("updated"), Group("notModified"), Group("failed"),
            requests, after.Ok - before.Ok, after.NotModified - before.NotModified, cost.Wall.TotalSeconds, cost.CpuSeconds, cost.PeakRssBytes);
        Console.WriteLine(FormattableString.Invariant($"refresh {label,-36} {figures}"));
        return figures;
    }

    private static string Median(List<RefreshFigures> runs) => string.Create(
        CultureInfo.InvariantCulture,
        $"wall={Median(runs, f => f.WallSeconds):F2}s cpu={Median(runs, f => f.CpuSeconds):F2}s peak_rss={Median(runs, f => f.PeakRssBytes) / 1048576:F0}MB polls/s={Median(runs, f => f.Requests / f.WallSeconds):F0}");

    private static double Median(List<RefreshFigures> runs, Func<RefreshFigures, double> value)
    {
        double[] sorted = [.. runs.Select(value).Order()];
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    [GeneratedRegex(@"(?<polled>\d+) sources polled, (?<new>\d+) new items, (?<updated>\d+) updated, (?<notModified>\d+) not modified, (?<failed>\d+) failed")]
    private static partial Regex SummaryLine();
}

/// <summary>One <c>refresh --all</c>: FeedHub's own summary, the farm's count of the requests it
/// answered (polls), and FeedHub's process costs.</summary>
internal sealed record RefreshFigures(int Polled, int NewItems, int Updated, int NotModified, int Failed,
    long Requests, long Ok, long Answered304, double WallSeconds, double CpuSeconds, long PeakRssBytes)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"polled={Polled} new={NewItems} updated={Updated} not_modified={NotModified} failed={Failed} requests={Requests} (200={Ok} 304={Answered304}) wall={WallSeconds:F2}s cpu={CpuSeconds:F2}s peak_rss={PeakRssBytes / 1048576.0:F0}MB polls/s={Requests / WallSeconds:F0}");
}
