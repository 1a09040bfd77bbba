using FeedHub.Core.Sources;

namespace FeedHub.Ingestion.Fetching;

/// <summary>Fetches a feed over HTTP, politely and safely.</summary>
public interface IFeedFetcher
{
    /// <summary>Never throws for network or HTTP failures: they come back as <see cref="FetchStatus.Failed"/>.
    /// Throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> is cancelled.</summary>
    Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken);
}

/// <param name="Url">The source URL.</param>
/// <param name="ETag">Stored validator, sent as If-None-Match.</param>
/// <param name="LastModified">Stored validator, sent as If-Modified-Since (verbatim).</param>
public sealed record FetchRequest(Uri Url, string? ETag, string? LastModified)
{
    /// <summary>The source's own user agent, headers (values in clear, decrypted for this fetch only),
    /// timeout and byte limit; each is held to the configured maximum.</summary>
    public SourceFetchSettings Settings { get; init; } = SourceFetchSettings.Default;
}
