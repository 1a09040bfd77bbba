namespace FeedHub.Core.Sources;

/// <summary>How one source is fetched when it differs from the configured defaults. Header values
/// are secrets (an API token, a session cookie): in a <see cref="FeedSource"/> they are as stored,
/// encrypted when a key is configured, and only the fetch decrypts them.</summary>
public sealed record SourceFetchSettings
{
    public static SourceFetchSettings Default { get; } = new();

    /// <summary>Sent instead of the configured user agent; null for the configured one.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Extra request headers, name → value, sent only to the source URL's origin.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Deadline for this source, at most the configured one; null for the configured one.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Body limit for this source, at most the configured one; null for the configured one.</summary>
    public long? MaxResponseBytes { get; init; }

    public bool IsDefault => UserAgent is null && Headers.Count == 0 && Timeout is null && MaxResponseBytes is null;
}
