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

    /// <summary>The request cannot apply to the source as it is (e.g. refreshing a paused source).</summary>
    Conflict,
}

/// <summary>What an admin action did, the same for the HTTP API and the command line.</summary>
public sealed record AdminOutcome(AdminStatus Status, SourceView? Source = null, string? Error = null, IDictionary<string, string[]>? Errors = null)
{
    public bool Succeeded => Status is AdminStatus.Ok or AdminStatus.Created;

    public static AdminOutcome NotFound(long id) => new(AdminStatus.NotFound, Error: $"No source with id {id}.");

    internal static AdminOutcome Invalid(SourceFields fields) => new(AdminStatus.Invalid, Error: fields.FirstError, Errors: fields.Errors);

    public static AdminOutcome Invalid(string field, string error) =>
        new(AdminStatus.Invalid, Error: $"{field}: {error}", Errors: new Dictionary<string, string[]> { [field] = [error] });
}
