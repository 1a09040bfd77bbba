using FeedHub.Core.Sources;

namespace FeedHub.Core.Storage;

/// <summary>The memory of which configured sources earlier starts seeded (<c>configured_sources</c>).</summary>
public interface IConfiguredSourceStore
{
    /// <summary>Loads the <see cref="SeedingState"/>, lets <paramref name="plan"/> decide, and writes
    /// the steps (sources, memory and an audit line per change, as <paramref name="actor"/>) in one
    /// transaction, so two processes starting together cannot both add a source.</summary>
    /// <returns>The steps, with the ids of added sources filled in.</returns>
    Task<IReadOnlyList<SeedStep>> SeedAsync(Func<SeedingState, IReadOnlyList<SeedStep>> plan, string actor, CancellationToken cancellationToken);
}
