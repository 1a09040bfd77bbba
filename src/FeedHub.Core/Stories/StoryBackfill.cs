namespace FeedHub.Core.Stories;

/// <summary>An item stored without matching text: its id, source, title and body as stored.</summary>
public sealed record UnindexedItem(long ItemId, long SourceId, string? Title, string? BodyHtml);

/// <summary>The matching text and index keys an unindexed item would have had if stored today.</summary>
public sealed record IndexedItem(long ItemId, StoryText Text, IReadOnlyList<long> Keys);

/// <summary>Computes what the backfill writes, the same way the dedup stage does for a new item:
/// <see cref="StoryText"/>, then keys sampled from the features with the source's boilerplate
/// (learned from its stored matching texts and the batch's own) left out.</summary>
public static class StoryBackfill
{
    /// <param name="items">One batch, any sources.</param>
    /// <param name="recentBySource">Each source's latest stored matching texts (up to
    /// <see cref="StoryOptions.BoilerplateHistory"/>); a source missing here learns from the batch only.</param>
    public static List<IndexedItem> Index(
        IReadOnlyList<UnindexedItem> items,
        IReadOnlyDictionary<long, IReadOnlyList<string>> recentBySource,
        StoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(recentBySource);
        ArgumentNullException.ThrowIfNull(options);
        StoryText[] texts = [.. items.Select(item => StoryText.From(item.Title, item.BodyHtml))];
        var boilerplates = new Dictionary<long, SourceBoilerplate>();
        foreach (IGrouping<long, int> source in Enumerable.Range(0, items.Count).GroupBy(i => items[i].SourceId))
        {
            IEnumerable<string> recent = recentBySource.TryGetValue(source.Key, out IReadOnlyList<string>? stored) ? stored : [];
            boilerplates[source.Key] = SourceBoilerplate.Learn(recent.Concat(source.Select(i => texts[i].MatchText)), options.BoilerplateMinItems);
        }

        var indexed = new List<IndexedItem>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            List<long> keys = StoryKeys.For(StoryFeatures.From(texts[i].MatchText), boilerplates[items[i].SourceId], options.KeySamplingRate);
            indexed.Add(new IndexedItem(items[i].ItemId, texts[i], keys));
        }

        return indexed;
    }
}
