using FeedHub.Administration.Opml;

namespace FeedHub.Administration;

/// <summary>What an OPML import did: new sources, existing ones changed, existing ones already
/// equal to the file, and outlines that could not become sources (with the reason).</summary>
public sealed record ImportSummary(int Added, int Updated, int Skipped, int Invalid, IReadOnlyList<OpmlProblem> Problems)
{
    /// <summary>What the import did on its own, for outlines that named a site: which feed it found
    /// there, and the others it did not add.</summary>
    public IReadOnlyList<OpmlProblem> Notes { get; init; } = [];

    public override string ToString() => $"{Added} added, {Updated} updated, {Skipped} skipped, {Invalid} invalid";
}

/// <param name="Done">Outlines handled so far.</param>
/// <param name="Total">Outlines in the file.</param>
public readonly record struct ImportProgress(int Done, int Total);
