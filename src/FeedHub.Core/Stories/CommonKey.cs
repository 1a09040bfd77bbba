namespace FeedHub.Core.Stories;

/// <summary>Whether a story key is formula text rather than a trace of a few stories, from what
/// carries it within a window: such a key finds no candidates (see
/// <see cref="StoryOptions.MaxStoriesPerKey"/> and <see cref="StoryOptions.MaxItemsPerKey"/>).
/// Counts only grow as postings are read, so a reader may stop at the first posting that makes a
/// key common: the answer is the one the whole list would give.</summary>
public static class CommonKey
{
    public static bool Is(int items, int stories, StoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return items > options.MaxItemsPerKey || stories > options.MaxStoriesPerKey;
    }
}
