using System.Globalization;

namespace FeedHub.Benchmarks;

/// <summary>The figures of one <see cref="ClusterScale"/> run.</summary>
internal sealed record ClusterRun(
    int Nodes,
    bool Clustered,
    TimeSpan Interval,
    double Minutes,
    int Polls,
    int DoublePolls,
    int SourcesNeverPolled,
    double GapLateP50,
    double GapLateP99,
    double LagP50,
    double LagP99,
    double LagMax,
    double LagWithin5s,
    string PollsPerNode,
    LockSampler.Summary Locks,
    DatabaseStats Database,
    double WorkerCpuSeconds,
    double BackendCpuSeconds)
{
    public const string Header =
        "| nodes | interval | polls/min | ratio | double polls | Quartz lag p50 / p99 / max (s) | lag ≤ 5 s | request gap − interval p50 / p99 (s) | polls per node | lock-wait session-s (on qrtz_locks) | max waiting | check-ins | Quartz row writes / poll | transactions / poll | worker CPU ms / poll | PG backend CPU ms / poll |\n"
        + "|---:|---|---:|---:|---:|---|---:|---|---|---|---:|---:|---:|---:|---:|---:|";

    public double PollsPerMinute => Polls / Minutes;

    private string Label => Clustered ? Nodes.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Nodes}, Quartz in memory");

    public static ClusterRun From(
        int nodes,
        bool clustered,
        TimeSpan interval,
        TimeSpan[][] requests,
        TimeSpan started,
        TimeSpan ended,
        IReadOnlyList<WorkerNode> workers,
        DatabaseStats before,
        DatabaseStats after,
        LockSampler.Summary locks,
        double workerCpu,
        double backendCpu)
    {
        int polls = 0;
        int doubles = 0;
        int neverPolled = 0;
        var late = new List<double>();
        foreach (TimeSpan[] times in requests)
        {
            TimeSpan[] inWindow = [.. times.Where(t => t >= started && t < ended)];
            polls += inWindow.Length;
            neverPolled += inWindow.Length == 0 ? 1 : 0;
            for (int i = 1; i < times.Length; i++)
            {
                if (times[i] < started || times[i] >= ended)
                {
                    continue;
                }

                TimeSpan gap = times[i] - times[i - 1];
                // One trigger per source, re-armed an interval after its poll: a second request well
                // inside the interval can only be a second node polling the same source.
                if (gap < interval * 0.9)
                {
                    doubles++;
                }
                else
                {
                    late.Add((gap - interval).TotalSeconds);
                }
            }
        }

        late.Sort();
        List<double> lags = [.. workers.SelectMany(worker => worker.LagsMs()).Select(ms => ms / 1000)];
        lags.Sort();
        double minutes = (ended - started).TotalMinutes;
        return new ClusterRun(
            nodes,
            clustered,
            interval,
            minutes,
            polls,
            doubles,
            neverPolled,
            ClusterScale.Percentile(late, 0.5),
            ClusterScale.Percentile(late, 0.99),
            ClusterScale.Percentile(lags, 0.5),
            ClusterScale.Percentile(lags, 0.99),
            lags.Count == 0 ? double.NaN : lags[^1],
            lags.Count == 0 ? double.NaN : lags.Count(lag => lag <= 5) / (double)lags.Count,
            string.Join(" / ", workers.Select(worker => worker.LagsMs().Length.ToString("N0", CultureInfo.InvariantCulture))),
            locks,
            after.Minus(before),
            workerCpu,
            backendCpu);
    }

    public string Line() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Label} node(s), interval {Interval:c}: {Polls:N0} polls in {Minutes:F1} min ({PollsPerMinute:N0}/min), {DoublePolls} double, {SourcesNeverPolled} sources not polled, lag p50 {LagP50:F2} s p99 {LagP99:F2} s max {LagMax:F1} s ({LagWithin5s:P2} ≤ 5 s), gap−interval p50 {GapLateP50:F2} s p99 {GapLateP99:F2} s; per node {PollsPerNode}; lock waits {Locks.LockWaitSeconds:F1} session-s ({Locks.QuartzLockWaitSeconds:F1} on qrtz_locks), mean {Locks.MeanWaiting:F2} max {Locks.MaxWaiting} waiting, {Locks.MeanActive:F1} active; {Database.CheckIns} check-ins, {Database.Deadlocks} deadlocks, {Database.Rollbacks} rollbacks; load average {ClusterScale.LoadAverage()}");

    public string Row(ClusterRun baseline)
    {
        // The sampler's own queries are transactions too: one per sample.
        double transactions = (Database.Commits - Locks.Samples) / (double)Math.Max(1, Polls);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {Label} | {Interval:c} | {PollsPerMinute:N0} | {PollsPerMinute / baseline.PollsPerMinute:F2} | {DoublePolls} | {LagP50:F2} / {LagP99:F2} / {LagMax:F1} | {LagWithin5s:P2} | {GapLateP50:F2} / {GapLateP99:F2} | {PollsPerNode} | {Locks.LockWaitSeconds:F1} ({Locks.QuartzLockWaitSeconds:F1}) | {Locks.MaxWaiting} | {Database.CheckIns} | {Database.QuartzRowWrites / (double)Math.Max(1, Polls):F1} | {transactions:F1} | {WorkerCpuSeconds * 1000 / Math.Max(1, Polls):F1} | {BackendCpuSeconds * 1000 / Math.Max(1, Polls):F1} |");
    }
}
