namespace FeedHub.Tests.Stories.Syndication;

/// <summary>What FeedHub made of a world, scored against its ground truth.</summary>
/// <param name="Precision">Of the item pairs put in one story, the share that are one true story.</param>
/// <param name="Recall">Of the item pairs of one true story, the share put in one story.</param>
/// <param name="OriginAccuracy">Of the stories whose true origin was polled, the share credited
/// to a copy from that source (a story is judged by the predicted story holding most of its copies).</param>
public sealed record StoryScore(double Precision, double Recall, double OriginAccuracy, int Items, int TrueStories, int PredictedStories, int OriginJudged)
{
    /// <param name="assignments">Each stored item: its key, its story and whether it is that story's origin.</param>
    public static StoryScore Compute(SyndicationWorld world, IReadOnlyList<(string ItemKey, long StoryId, bool IsOrigin)> assignments)
    {
        Dictionary<string, SimItem> truth = world.Items.ToDictionary(item => item.Key);
        var cells = new Dictionary<(int, long), long>();
        var trueSizes = new Dictionary<int, long>();
        var predictedSizes = new Dictionary<long, long>();
        foreach ((string key, long story, _) in assignments)
        {
            int trueStory = truth[key].TrueStory;
            cells[(trueStory, story)] = cells.GetValueOrDefault((trueStory, story)) + 1;
            trueSizes[trueStory] = trueSizes.GetValueOrDefault(trueStory) + 1;
            predictedSizes[story] = predictedSizes.GetValueOrDefault(story) + 1;
        }

        static double Pairs(long n) => n * (n - 1) / 2.0;
        double together = cells.Values.Sum(Pairs);
        double predictedPairs = predictedSizes.Values.Sum(Pairs);
        double truePairs = trueSizes.Values.Sum(Pairs);

        var originOf = assignments.Where(a => a.IsOrigin).ToDictionary(a => a.StoryId, a => truth[a.ItemKey].Source);
        var polled = world.Sources.Where(source => source.Polled).Select(source => source.Index).ToHashSet();
        int judged = 0;
        int correct = 0;
        foreach (IGrouping<int, KeyValuePair<(int, long), long>> story in cells.GroupBy(cell => cell.Key.Item1))
        {
            int trueOrigin = world.Items.First(item => item.TrueStory == story.Key).TrueOriginSource;
            if (!polled.Contains(trueOrigin))
            {
                continue;
            }

            judged++;
            long main = story.OrderByDescending(cell => cell.Value).First().Key.Item2;
            if (originOf.TryGetValue(main, out int originSource) && originSource == trueOrigin)
            {
                correct++;
            }
        }

        return new StoryScore(
            predictedPairs == 0 ? 1 : together / predictedPairs,
            truePairs == 0 ? 1 : together / truePairs,
            judged == 0 ? 1 : (double)correct / judged,
            assignments.Count,
            trueSizes.Count,
            predictedSizes.Count,
            judged);
    }

    public override string ToString() =>
        FormattableString.Invariant($"precision {Precision:0.0000}, recall {Recall:0.0000}, origin {OriginAccuracy:0.0000} ({OriginJudged} stories judged), {Items} items, {TrueStories} true stories, {PredictedStories} predicted");
}
