using System.ComponentModel.DataAnnotations;

namespace FeedHub.Worker.Publishing;

/// <summary>Section <c>FeedHub:Publishing</c>.</summary>
public sealed class PublishingOptions
{
    public const string Section = "FeedHub:Publishing";

    [Required]
    public string Title { get; set; } = "FeedHub";

    [Required]
    public string Description { get; set; } = "Regional news, each story once, credited to its origin.";

    /// <summary>Public address of this service when it sits behind a proxy; self links use the request's otherwise.</summary>
    public Uri? PublicBaseUrl { get; set; }

    [Range(1, 1000)]
    public int DefaultLimit { get; set; } = 50;

    [Range(1, 1000)]
    public int MaxLimit { get; set; } = 200;
}
