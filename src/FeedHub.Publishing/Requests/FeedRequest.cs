using System.Globalization;
using System.Text;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Writers;

namespace FeedHub.Publishing.Requests;

/// <summary>One feed document asked for: which feed (the main one or a channel), which format,
/// and the subscriber's filters, in a canonical form that keys caches and builds self links.</summary>
public sealed record FeedRequest
{
    public required FeedFormat Format { get; init; }
    public ChannelDefinition? Channel { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<long> SourceIds { get; init; } = [];
    public IReadOnlyList<string> Words { get; init; } = [];
    public DateTimeOffset? Since { get; init; }
    public int? Limit { get; init; }
    public StoryCursor? Before { get; init; }

    /// <summary>The path below the base URL: <c>feed.xml</c>, <c>channels/kalsel.atom</c>...</summary>
    public string Path => Channel is null
        ? "feed." + Format.Extension()
        : "channels/" + Channel.Name + "." + Format.Extension();

    /// <summary>Path and canonical query (sorted, normalized, escaped), optionally at another page.</summary>
    public string PathAndQuery(StoryCursor? page)
    {
        var query = new StringBuilder();
        foreach (string tag in Tags)
        {
            Add(query, "tag", tag);
        }

        foreach (long source in SourceIds)
        {
            Add(query, "source", source.ToString(CultureInfo.InvariantCulture));
        }

        if (Words.Count > 0)
        {
            Add(query, "q", string.Join(' ', Words));
        }

        if (Since is { } since)
        {
            Add(query, "since", since.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
        }

        if (Limit is { } limit)
        {
            Add(query, "limit", limit.ToString(CultureInfo.InvariantCulture));
        }

        if (page is { } cursor)
        {
            Add(query, "before", cursor.ToString());
        }

        return query.Length == 0 ? Path : Path + "?" + query;
    }

    public StoryQuery ToStoryQuery(int defaultLimit)
    {
        List<StorySelection> selections = [];
        if (Channel is not null)
        {
            selections.Add(new StorySelection { Tags = Channel.Tags, SourceIds = Channel.SourceIds(), SourceUrls = Channel.SourceUrls() });
        }

        if (Tags.Count > 0)
        {
            selections.Add(new StorySelection { Tags = Tags });
        }

        if (SourceIds.Count > 0)
        {
            selections.Add(new StorySelection { SourceIds = SourceIds });
        }

        IReadOnlyList<string> words = Channel?.Query is { } channelQuery ? [.. FeedQueryParser.Words(channelQuery), .. Words] : Words;
        return new StoryQuery
        {
            Selections = selections,
            Words = words,
            Since = Since,
            Before = Before,
            Limit = Limit ?? defaultLimit,
        };
    }

    private static void Add(StringBuilder query, string name, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
