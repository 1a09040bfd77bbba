using FeedHub.Core.Scheduling;

namespace FeedHub.Ingestion.Fetching;

/// <summary>How long a response says it stays fresh, as a scheduling hint: Cache-Control max-age
/// (which takes precedence over Expires, RFC 9111 5.3), else Expires against the response's own
/// Date, so a server whose clock is off still means the delay it intended.</summary>
internal static class CacheHints
{
    public static PublisherHints Read(HttpResponseMessage response, DateTimeOffset now)
    {
        var cacheControl = response.Headers.CacheControl;
        if (cacheControl is { NoStore: true } or { NoCache: true })
        {
            return PublisherHints.None;
        }

        if (cacheControl?.MaxAge is { } maxAge && maxAge > TimeSpan.Zero)
        {
            return new PublisherHints { MaxAge = maxAge };
        }

        if (response.Content.Headers.Expires is { } expires)
        {
            TimeSpan delay = expires - (response.Headers.Date ?? now);
            return delay > TimeSpan.Zero ? new PublisherHints { Expires = delay } : PublisherHints.None;
        }

        return PublisherHints.None;
    }
}
