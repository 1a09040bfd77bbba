using System.Text.Json.Serialization;

namespace FeedHub.Worker.AdminApi;

/// <summary>Body of <c>POST /api/sources</c>. Unknown members are refused, so a misspelt field is
/// a 400 rather than a silently ignored setting. <c>pick</c> chooses, counting from 1, among the
/// feeds a <c>300</c> listed for the same site URL.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateSourceRequest(
    string? Url,
    string? Title = null,
    IReadOnlyList<string>? Tags = null,
    TimeSpan? Interval = null,
    bool? IsOrigin = null,
    IReadOnlyList<string>? Credits = null,
    int? Pick = null);

/// <summary>Body of <c>PATCH /api/sources/{id}</c>: absent or null members stay as they are;
/// <c>useDefaultInterval</c> drops the source's own interval.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UpdateSourceRequest(
    string? Url = null,
    string? Title = null,
    IReadOnlyList<string>? Tags = null,
    TimeSpan? Interval = null,
    bool UseDefaultInterval = false,
    bool? IsOrigin = null,
    IReadOnlyList<string>? Credits = null,
    bool? Enabled = null);
