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
}
