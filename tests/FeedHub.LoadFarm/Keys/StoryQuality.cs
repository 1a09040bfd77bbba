using System.Globalization;

namespace FeedHub.LoadFarm.Keys;

/// <summary>FeedHub's stories against the farm's truth, pairwise: a pair of items is predicted
/// when FeedHub put both in one story, and true when both are copies of one release (a portal's
/// own story is alone in its truth). Precision is true predicted pairs over predicted pairs,
/// recall over true pairs.</summary>
internal sealed record StoryQuality(
    int Items,
    int Matched,
    int Stories,
    int StoriesOfSeveral,
    int Releases,
    int ReleaseCopies,
    long PredictedPairs,
    long TruePairs,
    long CorrectPairs)
{
    public double Precision => PredictedPairs == 0 ? 1 : CorrectPairs / (double)PredictedPairs;

    public double Recall => TruePairs == 0 ? 1 : CorrectPairs / (double)TruePairs;

    /// <param name="items">Each stored item's link key (<see cref="Farm.FarmTruth.Link"/>) and story.</param>
    /// <param name="truth">Link key to release id, null for an own story.</param>
    public static StoryQuality Of(IReadOnlyList<(string Link, long Story)> items, IReadOnlyDictionary<string, int?> truth)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(truth);
        var matched = items.Where(item => truth.ContainsKey(item.Link)).ToList();
        var byStory = matched.GroupBy(item => item.Story).ToList();
        var byRelease = matched.Where(item => truth[item.Link] is not null).GroupBy(item => truth[item.Link]!.Value).ToList();
        // Own stories get a truth label of their own (their link), so they pair with nothing.
        var cells = matched.GroupBy(item => (item.Story, Release: truth[item.Link]?.ToString(CultureInfo.InvariantCulture) ?? "own:" + item.Link));
        return new StoryQuality(
            items.Count,
            matched.Count,
            byStory.Count,
            byStory.Count(story => story.Count() > 1),
            byRelease.Count,
            byRelease.Sum(release => release.Count()),
            byStory.Sum(story => Pairs(story.Count())),
            byRelease.Sum(release => Pairs(release.Count())),
            cells.Sum(cell => Pairs(cell.Count())));
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"items={Items} matched_to_truth={Matched} stories={Stories} (of several items: {StoriesOfSeveral}) releases={Releases} copies={ReleaseCopies}\n" +
        $"pairs: predicted={PredictedPairs} true={TruePairs} correct={CorrectPairs} precision={Precision:F4} recall={Recall:F4}");

    private static long Pairs(int n) => (long)n * (n - 1) / 2;
}
