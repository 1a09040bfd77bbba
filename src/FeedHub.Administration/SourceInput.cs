namespace FeedHub.Administration;

/// <summary>A new source as an admin describes it (API body or command-line options).</summary>
public sealed record SourceInput
{
    public string? Url { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Poll interval; null means the configured default.</summary>
    public TimeSpan? Interval { get; init; }

    public bool? IsOrigin { get; init; }
    public IReadOnlyList<string>? Credits { get; init; }

    /// <summary>When the URL is a site with several feeds: the one to add, counted from 1 in the order
    /// discovery lists them. Ignored when the URL is a feed itself.</summary>
    public int? Pick { get; init; }

    /// <summary>When the URL is a site with several feeds: add every one of them.</summary>
    public bool AllFound { get; init; }

    /// <summary>Sent instead of the configured user agent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Extra request headers in clear (a token, a cookie); stored encrypted when a key is configured.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>At most <c>FeedHub:Fetch:Timeout</c>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>At most <c>FeedHub:Fetch:MaxResponseBytes</c>.</summary>
    public long? MaxResponseBytes { get; init; }

    /// <summary>Rules in <see cref="FeedHub.Core.Rules.ItemRuleSyntax"/>.</summary>
    public IReadOnlyList<string>? KeepRules { get; init; }

    public IReadOnlyList<string>? BlockRules { get; init; }
}

/// <summary>Changes to a source; null leaves a field as it is.</summary>
public sealed record SourcePatch
{
    public string? Url { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public TimeSpan? Interval { get; init; }

    /// <summary>Drops the source's own interval so the configured default applies.</summary>
    public bool UseDefaultInterval { get; init; }

    public bool? IsOrigin { get; init; }
    public IReadOnlyList<string>? Credits { get; init; }
    public bool? Enabled { get; init; }

    public string? UserAgent { get; init; }
    public bool UseDefaultUserAgent { get; init; }

    /// <summary>Replaces all the source's headers (empty: none). A value equal to
    /// <see cref="SourceView.SecretMask"/> keeps the stored value of that header, so what a read
    /// returned can be sent back with one header changed.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public TimeSpan? Timeout { get; init; }
    public bool UseDefaultTimeout { get; init; }
    public long? MaxResponseBytes { get; init; }
    public bool UseDefaultMaxResponseBytes { get; init; }

    /// <summary>Replaces the keep rules (empty: none).</summary>
    public IReadOnlyList<string>? KeepRules { get; init; }

    /// <summary>Replaces the block rules (empty: none).</summary>
    public IReadOnlyList<string>? BlockRules { get; init; }
}
