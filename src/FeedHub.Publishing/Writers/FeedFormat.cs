using FeedHub.Core.Links;
using FeedHub.Core.Storage;

namespace FeedHub.Publishing.Writers;

public enum FeedFormat
{
    Rss,
    Atom,
    Json,
}

public static class FeedFormats
{
    public static IReadOnlyList<FeedFormat> All { get; } = [FeedFormat.Rss, FeedFormat.Atom, FeedFormat.Json];

    public static string MediaType(this FeedFormat format) => format switch
    {
        FeedFormat.Rss => "application/rss+xml",
        FeedFormat.Atom => "application/atom+xml",
        _ => "application/feed+json",
    };

    /// <summary>The file extension the format is served and exported under.</summary>
    public static string Extension(this FeedFormat format) => format switch
    {
        FeedFormat.Rss => "xml",
        FeedFormat.Atom => "atom",
        _ => "json",
    };

    public static bool TryFromExtension(string extension, out FeedFormat format)
    {
        foreach (FeedFormat candidate in All)
        {
            if (string.Equals(candidate.Extension(), extension, StringComparison.Ordinal))
            {
                format = candidate;
                return true;
            }
        }

        format = default;
        return false;
    }

    public static void Write(this FeedFormat format, Stream output, MergedFeed feed)
    {
        switch (format)
        {
            case FeedFormat.Rss:
                RssFeedWriter.Write(output, feed);
                break;
            case FeedFormat.Atom:
                AtomFeedWriter.Write(output, feed);
                break;
            default:
                JsonFeedWriter.Write(output, feed);
                break;
        }
    }
}
