namespace FeedHub.Core.Stories;

/// <summary>A copy of a story, as origin selection sees it.</summary>
public sealed record OriginCandidate(long ItemId, long SourceId, DateTimeOffset PublishedAt, IReadOnlyList<string> Credits);

/// <summary>A source, as origin selection sees it: its origin flag and the names it is credited by.</summary>
public sealed record OriginSource(long SourceId, bool IsOrigin, string? Title, IReadOnlyList<string> Aliases);

public enum OriginRule
{
    OriginSource,
    CreditLine,
    EarliestPublished,
}

public sealed record OriginChoice(long ItemId, OriginRule Rule, string Reason);

/// <summary>Which copy a story is credited to, in order: a copy from a source marked as origin;
/// the source a credit line names (matched against each source's aliases and title, ignoring case
/// and spacing; the longest alias matched wins); else the earliest published copy. Ties go to the
/// earliest published, then to the copy stored first.</summary>
public static class StoryOrigin
{
    public static OriginChoice Choose(IReadOnlyList<OriginCandidate> copies, IReadOnlyList<OriginSource> sources) =>
        Choose(copies, new OriginDirectory(sources));

    /// <summary>The same, with the sources prepared once for many stories.</summary>
    public static OriginChoice Choose(IReadOnlyList<OriginCandidate> copies, OriginDirectory sources)
    {
        ArgumentNullException.ThrowIfNull(copies);
        ArgumentNullException.ThrowIfNull(sources);
        if (copies.Count == 0)
        {
            throw new ArgumentException("A story has at least one copy.", nameof(copies));
        }

        List<OriginCandidate> ordered = [.. copies.OrderBy(copy => copy.PublishedAt).ThenBy(copy => copy.ItemId)];
        OriginCandidate? flagged = ordered.FirstOrDefault(copy => sources.IsOrigin(copy.SourceId));
        if (flagged is not null)
        {
            return new OriginChoice(flagged.ItemId, OriginRule.OriginSource, $"source {flagged.SourceId} is marked as an origin");
        }

        // Each credit line names at most one source: the one whose alias (or title) is the
        // longest it contains. Copies then vote; the source named by most copies is the origin,
        // ties to the one whose copy was published first. A credit to a source FeedHub does not
        // poll, or whose copy is not in the story yet, names no copy: the earliest copy stands
        // in until the origin's own arrives.
        var present = ordered.Select(copy => copy.SourceId).ToHashSet();
        var votes = new Dictionary<long, (int Count, string Credit, string Alias)>();
        foreach (OriginCandidate copy in ordered)
        {
            var namedByCopy = new HashSet<long>();
            foreach (string credit in copy.Credits)
            {
                if (sources.Resolve(credit) is { } named && present.Contains(named.Source.SourceId) && namedByCopy.Add(named.Source.SourceId))
                {
                    (int count, string firstCredit, string alias) = votes.GetValueOrDefault(named.Source.SourceId, (0, credit, named.Alias));
                    votes[named.Source.SourceId] = (count + 1, firstCredit, alias);
                }
            }
        }

        if (votes.Count > 0)
        {
            int most = votes.Values.Max(vote => vote.Count);
            OriginCandidate copy = ordered.First(copy => votes.TryGetValue(copy.SourceId, out var vote) && vote.Count == most);
            (int count, string credit, string alias) = votes[copy.SourceId];
            return new OriginChoice(copy.ItemId, OriginRule.CreditLine, $"credit line \"{credit}\" names source {copy.SourceId} (\"{alias}\"), in {count} of {ordered.Count} copies");
        }

        return new OriginChoice(ordered[0].ItemId, OriginRule.EarliestPublished, $"earliest published copy ({ordered[0].PublishedAt:u})");
    }
}
