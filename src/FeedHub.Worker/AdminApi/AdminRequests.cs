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
    string? UserAgent = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    TimeSpan? Timeout = null,
    long? MaxResponseBytes = null,
    IReadOnlyList<string>? KeepRules = null,
    IReadOnlyList<string>? BlockRules = null,
    int? Pick = null);

/// <summary>Body of <c>PATCH /api/sources/{id}</c>: absent or null members stay as they are;
/// <c>useDefaultInterval</c>, <c>useDefaultUserAgent</c>, <c>useDefaultTimeout</c> and
/// <c>useDefaultMaxResponseBytes</c> drop the source's own setting; <c>headers</c>, <c>keepRules</c> and
/// <c>blockRules</c> replace the whole set (empty: none), and a header sent back as the mask keeps its value.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UpdateSourceRequest(
    string? Url = null,
    string? Title = null,
    IReadOnlyList<string>? Tags = null,
    TimeSpan? Interval = null,
    bool UseDefaultInterval = false,
    bool? IsOrigin = null,
    IReadOnlyList<string>? Credits = null,
    bool? Enabled = null,
    string? UserAgent = null,
    bool UseDefaultUserAgent = false,
    IReadOnlyDictionary<string, string>? Headers = null,
    TimeSpan? Timeout = null,
    bool UseDefaultTimeout = false,
    long? MaxResponseBytes = null,
    bool UseDefaultMaxResponseBytes = false,
    IReadOnlyList<string>? KeepRules = null,
    IReadOnlyList<string>? BlockRules = null);
