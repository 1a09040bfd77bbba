using FeedHub.Core.Storage;

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
/// when the worker is listed again or holds no claims any more. A new claim by the absent worker
/// (its latest lease moved on) proves it was alive since, and times its absence afresh: this
/// worker's ticks may all fall while the other was away, and its short absences must not add up.</remarks>
public sealed class AbsentClaimants(TimeSpan grace)
{
    private readonly Dictionary<string, Absence> _absences = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public TimeSpan Grace { get; } = grace >= TimeSpan.Zero ? grace : throw new ArgumentOutOfRangeException(nameof(grace), grace, "The grace period cannot be negative.");

    /// <summary>Of the workers that hold claims but are not listed as live now, those absent for at
    /// least the grace period, whose claims are to be handed back.</summary>
    /// <param name="absent">Every claimant not listed as live at <paramref name="now"/>.</param>
    /// <param name="self">The worker asking, alive by definition: when the cluster has taken it for
    /// dead, its polls are still running, and handing their claims back would have them run twice.</param>
    public IReadOnlyList<string> Overdue(IReadOnlyCollection<AbsentClaimant> absent, DateTimeOffset now, string self)
    {
        ArgumentNullException.ThrowIfNull(absent);
        ArgumentNullException.ThrowIfNull(self);
        lock (_lock)
        {
            foreach (string node in _absences.Keys.Except(absent.Select(claimant => claimant.Node), StringComparer.Ordinal).ToList())
            {
                _absences.Remove(node);
            }

            var overdue = new List<string>();
            foreach (AbsentClaimant claimant in absent.Where(claimant => !string.Equals(claimant.Node, self, StringComparison.Ordinal)))
            {
                if (!_absences.TryGetValue(claimant.Node, out Absence? absence) || claimant.LatestLease > absence.LatestLease)
                {
                    absence = new Absence(now, claimant.LatestLease);
                    _absences[claimant.Node] = absence;
                }

                if (now - absence.Since >= Grace)
                {
                    overdue.Add(claimant.Node);
                }
            }

            return overdue;
        }
    }

    private sealed record Absence(DateTimeOffset Since, DateTimeOffset LatestLease);
}
