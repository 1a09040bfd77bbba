namespace FeedHub.Administration.Stories;

/// <summary>What a story action did, the same for the HTTP API and the command line.</summary>
public sealed record StoryOutcome<T>(AdminStatus Status, T? Value = default, string? Error = null, IDictionary<string, string[]>? Errors = null)
    where T : class
{
    public static StoryOutcome<T> Done(T value) => new(AdminStatus.Ok, value);

    public static StoryOutcome<T> NotFound(string error) => new(AdminStatus.NotFound, Error: error);

    public static StoryOutcome<T> Invalid(string field, string error) =>
        new(AdminStatus.Invalid, Error: $"{field}: {error}", Errors: new Dictionary<string, string[]> { [field] = [error] });
}
