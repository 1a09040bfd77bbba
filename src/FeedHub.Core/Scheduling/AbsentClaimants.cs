namespace FeedHub.Core.Scheduling;

/// <summary>Decides when the claims of a worker that has left the cluster's live list are handed
/// back: once it has stayed away for <c>grace</c>, not at the first sight of its absence. The cluster
/// declares a worker dead when its check-ins run late, and a worker that was only slow (a long
/// pause, a starved thread pool, a loaded machine) checks in again and finishes the polls it
/// claimed; handing those back at once has another worker poll the same sources a second time, and
/// the slow worker's late record then sets their next due time from the older poll. A worker that
/// really died is only absent for longer, so its sources move <c>grace</c> later.</summary>
/// <remarks>Each worker keeps its own view, from the ticks it runs itself (the cluster gives ticks to
/// any worker): an absence is timed from the first tick of this worker that saw it, and forgotten
/// when the worker is listed again or holds no claims any more.</remarks>
public sealed class AbsentClaimants(TimeSpan grace)
{
    private readonly Dictionary<string, DateTimeOffset> _absentSince = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public TimeSpan Grace { get; } = grace >= TimeSpan.Zero ? grace : throw new ArgumentOutOfRangeException(nameof(grace), grace, "The grace period cannot be negative.");

    /// <summary>Of the workers that hold claims but are not listed as live now, those absent for at
    /// least the grace period, whose claims are to be handed back.</summary>
    /// <param name="absent">Every claimant not listed as live at <paramref name="now"/>.</param>
    /// <param name="self">The worker asking, alive by definition: when the cluster has taken it for
    /// dead, its polls are still running, and handing their claims back would have them run twice.</param>
    public IReadOnlyList<string> Overdue(IReadOnlyCollection<string> absent, DateTimeOffset now, string self)
    {
        ArgumentNullException.ThrowIfNull(absent);
        ArgumentNullException.ThrowIfNull(self);
        lock (_lock)
        {
            foreach (string node in _absentSince.Keys.Except(absent, StringComparer.Ordinal).ToList())
            {
                _absentSince.Remove(node);
            }

            var overdue = new List<string>();
            foreach (string node in absent.Where(node => !string.Equals(node, self, StringComparison.Ordinal)))
            {
                if (!_absentSince.TryGetValue(node, out DateTimeOffset since))
                {
                    since = now;
                    _absentSince[node] = since;
                }

                if (now - since >= Grace)
                {
                    overdue.Add(node);
                }
            }

            return overdue;
        }
    }
}
