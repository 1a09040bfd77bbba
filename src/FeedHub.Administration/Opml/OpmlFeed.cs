namespace FeedHub.Administration.Opml;

/// <summary>One feed outline of an OPML file. Null means the file did not say, so an import
/// leaves that field of an existing source as it is.</summary>
public sealed record OpmlFeed
{
    public required string Url { get; init; }
    public string? Title { get; init; }
    public string? SiteUrl { get; init; }

    /// <summary>The titles of the folders the outline sits in, outermost first, then its own
    /// <c>category</c> values.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public TimeSpan? Interval { get; init; }
    public bool? IsOrigin { get; init; }
    public IReadOnlyList<string>? Credits { get; init; }

    /// <summary>The outline names only a site (an <c>htmlUrl</c>, no <c>xmlUrl</c>): <see cref="Url"/> is
    /// the site's, and the import looks for its feed there.</summary>
    public bool IsSite { get; init; }

    public string? UserAgent { get; init; }
    public TimeSpan? Timeout { get; init; }
    public long? MaxResponseBytes { get; init; }

    /// <summary>Request headers in clear; only in a file exported with secrets.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Rules in <see cref="FeedHub.Core.Rules.ItemRuleSyntax"/>.</summary>
    public IReadOnlyList<string>? KeepRules { get; init; }

    public IReadOnlyList<string>? BlockRules { get; init; }

    /// <summary>Line of the outline in the file, for messages about it.</summary>
    public int Line { get; init; }
}

/// <summary>An outline that cannot become a source, and why.</summary>
public sealed record OpmlProblem(int Line, string? Text, string Reason);

public sealed record OpmlDocument(string? Title, IReadOnlyList<OpmlFeed> Feeds, IReadOnlyList<OpmlProblem> Problems);

/// <summary>The file is not OPML at all (not XML, wrong root, too deep).</summary>
public sealed class OpmlFormatException(string message, Exception? innerException = null) : Exception(message, innerException);
