using FeedHub.Core.Links;
using FeedHub.Core.Storage;

namespace FeedHub.Publishing.Writers;

/// <summary>What a merged feed document says about itself, and its stories.</summary>
public sealed record MergedFeed
{
    public required string Title { get; init; }
    public required string Description { get; init; }

    /// <summary>The URL of this very document (this page, this format, this query).</summary>
    public required Uri SelfUrl { get; init; }
    public required Uri SiteUrl { get; init; }

    /// <summary>The authority of entry ids (<c>tag:AUTHORITY,…</c>), fixed for the deployment, never from a request.</summary>
    public required string TagAuthority { get; init; }
    public required DateTimeOffset Updated { get; init; }
    public required IReadOnlyList<StoryEntry> Stories { get; init; }

    /// <summary>The first page of this feed (RFC 5005 <c>first</c>); also the feed's identity. Null: <see cref="SelfUrl"/>.</summary>
    public Uri? FirstUrl { get; init; }

    /// <summary>The following, older page (RFC 5005 <c>next</c>); null on the last page.</summary>
    public Uri? NextUrl { get; init; }

    /// <summary>True for an archive document (RFC 5005 4): a month whose entries no longer change.</summary>
    public bool IsArchive { get; init; }

    /// <summary>The subscription feed an archive belongs to (RFC 5005 <c>current</c>).</summary>
    public Uri? CurrentUrl { get; init; }

    /// <summary>The archive just before this document (RFC 5005 <c>prev-archive</c>).</summary>
    public Uri? PrevArchiveUrl { get; init; }

    /// <summary>The archive just after this one (RFC 5005 <c>next-archive</c>); null for the newest.</summary>
    public Uri? NextArchiveUrl { get; init; }

    /// <summary>WebSub hubs that readers may subscribe at.</summary>
    public IReadOnlyList<Uri> HubUrls { get; init; } = [];

    // An archive shares its subscription feed's identity (RFC 5005 4).
    public Uri Identity => FirstUrl ?? CurrentUrl ?? SelfUrl;
}
