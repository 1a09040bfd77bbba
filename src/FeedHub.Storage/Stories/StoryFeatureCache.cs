using System.Collections.Concurrent;
using FeedHub.Core.Stories;

namespace FeedHub.Storage.Stories;

/// <summary>Features of matching texts already seen: the same stored copies are candidates, and
/// the same recent items teach a source's boilerplate, on poll after poll. Keyed by the text
/// itself, so a revision (new text) or a rolled-back insert can never serve stale features.</summary>
internal sealed class StoryFeatureCache
{
    private const int Capacity = 20_000;

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
