using FeedHub.Administration.Discovery;

namespace FeedHub.Administration;

public enum AdminStatus
{
    Ok,
    Created,
    NotFound,

    /// <summary>Bad input: see <see cref="AdminOutcome.Errors"/>.</summary>
    Invalid,

    /// <summary>Another source already has the URL.</summary>
    Duplicate,

    /// <summary>The URL was fetched and did not give a feed.</summary>
    NotAFeed,

    /// <summary>The URL is a site with several feeds and none was picked: see <see cref="AdminOutcome.Found"/>.</summary>
    MultipleFeeds,

    /// <summary>The request cannot apply to the source as it is (e.g. refreshing a paused source).</summary>
    Conflict,
}

/// <summary>What an admin action did, the same for the HTTP API and the command line.</summary>
public sealed record AdminOutcome(AdminStatus Status, SourceView? Source = null, string? Error = null, IDictionary<string, string[]>? Errors = null)
{
    /// <summary>Set when the URL given was a site: the feeds found on it, in order.</summary>
    public IReadOnlyList<DiscoveredFeed>? Found { get; init; }

    /// <summary>Set when the URL given was a site: the page the feeds were found on.</summary>
    public Uri? FoundOn { get; init; }

    /// <summary>Every source added (more than one with <see cref="SourceInput.AllFound"/>); <see cref="Source"/> is the first.</summary>
    public IReadOnlyList<SourceView> Added { get; init; } = [];

    public bool Succeeded => Status is AdminStatus.Ok or AdminStatus.Created;

    public static AdminOutcome NotFound(long id) => new(AdminStatus.NotFound, Error: $"No source with id {id}.");

    internal static AdminOutcome Invalid(SourceFields fields) => new(AdminStatus.Invalid, Error: fields.FirstError, Errors: fields.Errors);

    public static AdminOutcome Invalid(string field, string error) =>
        new(AdminStatus.Invalid, Error: $"{field}: {error}", Errors: new Dictionary<string, string[]> { [field] = [error] });
}
