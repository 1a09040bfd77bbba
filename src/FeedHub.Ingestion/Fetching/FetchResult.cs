namespace FeedHub.Ingestion.Fetching;

public enum FetchStatus
{
    /// <summary>A 2xx with a body within the limits.</summary>
    Ok,

    /// <summary>A 304: the stored copy is current.</summary>
    NotModified,

    /// <summary>Anything else: refused address, timeout, byte limit, 4xx/5xx, too many redirects...</summary>
    Failed,
}

public sealed record FetchResult
{
    public required FetchStatus Status { get; init; }

    /// <summary>Status code of the final response; null when none arrived.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The decoded (decompressed) body; empty unless <see cref="FetchStatus.Ok"/>.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The Content-Type header as sent, charset parameter included.</summary>
    public string? ContentType { get; init; }

    public string? ETag { get; init; }
    public string? LastModified { get; init; }

    /// <summary>The URL the body came from after redirects.</summary>
    public required Uri FinalUrl { get; init; }

    /// <summary>Set when every hop to <see cref="FinalUrl"/> was permanent (301/308) and validated.</summary>
    public Uri? PermanentRedirectUrl { get; init; }

    /// <summary>Retry-After of a 429/503, as a delay from now.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Cache-Control max-age and Expires of a 200 or 304: how long the publisher says
    /// the feed stays fresh.</summary>
    public FeedHub.Core.Scheduling.PublisherHints Hints { get; init; } = FeedHub.Core.Scheduling.PublisherHints.None;

    /// <summary>One line saying what went wrong; null unless <see cref="FetchStatus.Failed"/>.</summary>
    public string? Error { get; init; }

    public static FetchResult Failure(Uri url, string error, int? httpStatus = null, TimeSpan? retryAfter = null) =>
        new() { Status = FetchStatus.Failed, FinalUrl = url, Error = error, HttpStatus = httpStatus, RetryAfter = retryAfter };
}
