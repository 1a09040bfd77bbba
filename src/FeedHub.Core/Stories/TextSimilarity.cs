namespace FeedHub.Core.Stories;

/// <summary>How two copies compare once common shingles (the source's boilerplate, text shared
/// by several candidate stories) are left out of both sides.</summary>
internal readonly record struct TextSimilarity(double Containment, double Resemblance, int Specific, int FiguresShared, int FiguresCompared)
{
    /// <summary>The shingles of <paramref name="features"/> that are not in <paramref name="common"/>, ascending.</summary>
    public static ulong[] SpecificOf(StoryFeatures features, ReadOnlySpan<ulong> common) =>
        SortedShingleSets.Except(features.SortedShingles, common);

    /// <summary>True when both texts state figures, so the figures can be compared.</summary>
    public bool HasFigures => FiguresCompared >= 1;

    public double FigureAgreement => FiguresCompared == 0 ? 1 : (double)FiguresShared / FiguresCompared;

    /// <param name="incomingSpecific">The incoming item's shingles that are not common
    /// (<see cref="SpecificOf"/>): the same for every copy it is compared with, so worked out once.</param>
    /// <param name="common">The common shingles (ascending) left out of both sides.</param>
    public static TextSimilarity Compare(StoryFeatures incoming, ulong[] incomingSpecific, StoryFeatures member, ReadOnlySpan<ulong> common, int minShingles)
    {
        int a = incomingSpecific.Length;
        int shared = SortedShingleSets.CountShared(incomingSpecific, member.SortedShingles);
        int b = member.ShingleCount - SortedShingleSets.CountShared(member.SortedShingles, common);
        if (Math.Min(a, b) < minShingles)
        {
            // Nearly all boilerplate: compare the whole texts rather than what little is left.
            a = incoming.ShingleCount;
            b = member.ShingleCount;
            shared = SortedShingleSets.CountShared(incoming.SortedShingles, member.SortedShingles);
        }

        int smaller = Math.Min(a, b);
        double containment = smaller == 0 ? 0 : (double)shared / smaller;
        double resemblance = a + b - shared == 0 ? 0 : (double)shared / (a + b - shared);
        (HashSet<string> fewer, HashSet<string> more) = incoming.Figures.Count <= member.Figures.Count
            ? (incoming.Figures, member.Figures)
            : (member.Figures, incoming.Figures);
        int figuresShared = fewer.Count(more.Contains);
        return new TextSimilarity(containment, resemblance, smaller, figuresShared, fewer.Count);
    }
}
