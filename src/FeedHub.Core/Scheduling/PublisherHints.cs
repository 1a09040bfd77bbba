namespace FeedHub.Core.Scheduling;

/// <summary>What a publisher says about how often its feed is worth fetching: from the response
/// headers (Cache-Control max-age, Expires) and from the document (RSS ttl, skipHours, skipDays,
/// sy:updatePeriod with sy:updateFrequency). Every part is optional; none is trusted past the
/// configured bounds.</summary>
public sealed record PublisherHints
{
    public static readonly PublisherHints None = new();

    /// <summary>Cache-Control max-age (s-maxage is for shared caches, which FeedHub is not).</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Expires, as a delay from the response (against its Date header when sent).</summary>
    public TimeSpan? Expires { get; init; }

    /// <summary>RSS &lt;ttl&gt;: minutes the channel may be cached.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>sy:updatePeriod divided by sy:updateFrequency.</summary>
    public TimeSpan? UpdatePeriod { get; init; }

    /// <summary>RSS &lt;skipHours&gt;: hours (0-23, GMT) in which the feed is not worth reading.</summary>
    public IReadOnlyList<int> SkipHours { get; init; } = [];

    /// <summary>RSS &lt;skipDays&gt;: days (GMT) on which the feed is not worth reading.</summary>
    public IReadOnlyList<DayOfWeek> SkipDays { get; init; } = [];

    /// <summary>The document's hints with fresh response headers: a 304 carries headers but no
    /// document, so the document's part is what the last one said.</summary>
    public PublisherHints WithHeaders(PublisherHints headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return this with { MaxAge = headers.MaxAge, Expires = headers.Expires };
    }

    /// <summary>Only the document's part, which is what is kept between polls.</summary>
    public PublisherHints DocumentPart => this with { MaxAge = null, Expires = null };
}
