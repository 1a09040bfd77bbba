using System.Globalization;
using FeedHub.Core.Links;

namespace FeedHub.Core.Sources;

/// <summary>What an earlier start seeded for one configured URL: the source it became and the
/// configured fields as they were then.</summary>
public sealed record SeededSource(string UrlKey, long SourceId, SourceDefinition Applied);

/// <param name="Seeded">The memory of earlier starts, by configured URL key.</param>
/// <param name="LiveSources">Sources not removed, by id.</param>
/// <param name="KnownUrls">Every URL key a source row answers to (its own, or one it moved away
/// from by a permanent redirect), removed sources included, with that source's id.</param>
public sealed record SeedingState(
    IReadOnlyDictionary<string, SeededSource> Seeded,
    IReadOnlyDictionary<long, FeedSource> LiveSources,
    IReadOnlyDictionary<string, long> KnownUrls);

public enum SeedAction
{
    /// <summary>Never seeded and unknown: insert the source and remember it.</summary>
    Add,

    /// <summary>Never seeded, but a source already answers to the URL (seeded by a version that
    /// upserted at every start, added by an admin, or moved there): remember it, change nothing.</summary>
    Adopt,

    /// <summary>The file changed since the last seeding: write <see cref="SeedStep.Updated"/> and remember.</summary>
    Apply,

    /// <summary>The file changed, but the source already says so: only remember.</summary>
    Remember,

    /// <summary>Seeded once and removed by an admin since: never brought back.</summary>
    SkipRemoved,

    /// <summary>Nothing changed in the file.</summary>
    Unchanged,
}

/// <param name="Updated">For <see cref="SeedAction.Add"/> and <see cref="SeedAction.Apply"/>: the source's fields to write.</param>
/// <param name="Details">What the step changes, one line for the audit log.</param>
public sealed record SeedStep(SeedAction Action, string UrlKey, SourceDefinition Configured, long? SourceId, SourceDefinition? Updated, string Details);

/// <summary>Decides what a start does with the configured sources. The <c>sources</c> table wins:
/// a configured source is seeded once; later starts apply only the fields the operator changed in
/// the file since the last seeding, and never bring back a source an admin removed.</summary>
public static class ConfiguredSeeding
{
    public static IReadOnlyList<SeedStep> Plan(IReadOnlyList<SourceDefinition> configured, SeedingState state)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(state);
        var steps = new List<SeedStep>();
        var planned = new HashSet<string>(StringComparer.Ordinal);
        foreach (SourceDefinition wanted in configured)
        {
            // Two spellings of one URL in the file: the first one listed counts.
            if (SourceUrlKey.TryFrom(wanted.Url) is not string key || !planned.Add(key))
            {
                continue;
            }

            steps.Add(Decide(key, wanted, state));
        }

        return steps;
    }

    private static SeedStep Decide(string key, SourceDefinition wanted, SeedingState state)
    {
        if (state.Seeded.TryGetValue(key, out SeededSource? seeded))
        {
            if (!state.LiveSources.TryGetValue(seeded.SourceId, out FeedSource? source))
            {
                return new SeedStep(SeedAction.SkipRemoved, key, wanted, seeded.SourceId, null, "removed by an admin; not brought back");
            }

            if (SameFields(seeded.Applied, wanted))
            {
                return new SeedStep(SeedAction.Unchanged, key, wanted, source.Id, null, "");
            }

            (SourceDefinition updated, string details) = ApplyChanges(source, seeded.Applied, wanted);
            return details.Length == 0
                ? new SeedStep(SeedAction.Remember, key, wanted, source.Id, null, "")
                : new SeedStep(SeedAction.Apply, key, wanted, source.Id, updated, details);
        }

        if (state.KnownUrls.TryGetValue(key, out long known))
        {
            return new SeedStep(SeedAction.Adopt, key, wanted, known, null, "");
        }

        var added = new SourceDefinition
        {
            Url = wanted.Url.Trim(),
            Title = wanted.Title,
            Tags = wanted.Tags,
            Interval = wanted.Interval,
            IsOrigin = wanted.IsOrigin,
            Credits = wanted.Credits,
        };
        string description = $"url {Quote(added.Url)}, title {Quote(added.Title)}, tags {List(added.Tags)}, interval {Interval(added.Interval)}, " +
            $"origin {YesNo(added.IsOrigin)}, credits {List(added.Credits)}";
        return new SeedStep(SeedAction.Add, key, wanted, null, added, description);
    }

    /// <summary>Each field the file changed since <paramref name="applied"/> replaces the source's
    /// value; every other field keeps what the table says (an admin's edit included). A title
    /// taken out of the file leaves the source's title alone: no title means "the feed's own".</summary>
    private static (SourceDefinition Updated, string Details) ApplyChanges(FeedSource source, SourceDefinition applied, SourceDefinition wanted)
    {
        var changes = new List<string>();
        string? title = source.Title;
        if (!string.Equals(applied.Title, wanted.Title, StringComparison.Ordinal) && wanted.Title is not null)
        {
            Note(changes, "title", Quote(title), Quote(wanted.Title));
            title = wanted.Title;
        }

        IReadOnlyList<string> tags = source.Tags;
        if (!applied.Tags.SequenceEqual(wanted.Tags, StringComparer.Ordinal))
        {
            Note(changes, "tags", List(tags), List(wanted.Tags));
            tags = wanted.Tags;
        }

        TimeSpan? interval = source.Interval;
        if (applied.Interval != wanted.Interval)
        {
            Note(changes, "interval", Interval(interval), Interval(wanted.Interval));
            interval = wanted.Interval;
        }

        bool isOrigin = source.IsOrigin;
        if (applied.IsOrigin != wanted.IsOrigin)
        {
            Note(changes, "origin", YesNo(isOrigin), YesNo(wanted.IsOrigin));
            isOrigin = wanted.IsOrigin;
        }

        IReadOnlyList<string> credits = source.Credits;
        if (!applied.Credits.SequenceEqual(wanted.Credits, StringComparer.Ordinal))
        {
            Note(changes, "credits", List(credits), List(wanted.Credits));
            credits = wanted.Credits;
        }

        var updated = new SourceDefinition { Url = source.Url, Title = title, Tags = tags, Interval = interval, IsOrigin = isOrigin, Credits = credits };
        return (updated, string.Join("; ", changes));
    }

    private static bool SameFields(SourceDefinition a, SourceDefinition b) =>
        string.Equals(a.Title, b.Title, StringComparison.Ordinal)
        && a.Tags.SequenceEqual(b.Tags, StringComparer.Ordinal)
        && a.Interval == b.Interval
        && a.IsOrigin == b.IsOrigin
        && a.Credits.SequenceEqual(b.Credits, StringComparer.Ordinal);

    private static void Note(List<string> changes, string field, string before, string after)
    {
        // The file changed, but the table may already say the same (an admin made that edit too).
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add($"{field}: {before} → {after}");
        }
    }

    private static string Quote(string? value) => value is null ? "none" : "\"" + value + "\"";

    private static string List(IReadOnlyList<string> values) => "[" + string.Join(", ", values) + "]";

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Interval(TimeSpan? interval) => interval?.ToString("c", CultureInfo.InvariantCulture) ?? "default";
}
