using System.Collections.Concurrent;
using FeedHub.Core.Stories;

namespace FeedHub.Storage.Stories;

/// <summary>Features of matching texts already seen: the same stored copies are candidates, and
/// the same recent items teach a source's boilerplate, on poll after poll. Keyed by the text
/// itself, so a revision (new text) or a rolled-back insert can never serve stale features.</summary>
internal sealed class StoryFeatureCache
{
    // A farm item's features and text hold ~4.5 KB (a real release's more), so 20,000 entries were
    // most of a 10,000-source worker's gen 2 heap (~70 of 93 MB committed, docs/load.md), while at
    // that scale a source's history had long been dropped by its next poll anyway.
    private const int Capacity = 8_192;

    private readonly ConcurrentDictionary<string, StoryFeatures> _features = new(StringComparer.Ordinal);

    public StoryFeatures Get(string matchText)
    {
        if (_features.TryGetValue(matchText, out StoryFeatures? features))
        {
            return features;
        }

        // Crude bound: dropping everything now and then costs one re-computation per text.
        if (_features.Count >= Capacity)
        {
            _features.Clear();
        }

        features = StoryFeatures.From(matchText);
        _features.TryAdd(matchText, features);
        return features;
    }
}
