using System.ComponentModel.DataAnnotations;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;

namespace FeedHub.Publishing;

/// <summary>Section <c>FeedHub:Publishing</c>.</summary>
public sealed class PublishingOptions
{
    public const string Section = "FeedHub:Publishing";

    [Required]
    public string Title { get; set; } = "FeedHub";

    [Required]
    public string Description { get; set; } = "Regional news, each story once, credited to its origin.";

    /// <summary>Public address of this service when it sits behind a proxy; self links use the
    /// request's otherwise. Required for WebSub and static export, which have no request.</summary>
    public Uri? PublicBaseUrl { get; set; }

    [Range(1, 1000)]
    public int DefaultLimit { get; set; } = 50;

    [Range(1, 1000)]
    public int MaxLimit { get; set; } = 200;

    /// <summary>Most stories in one monthly archive (<c>/archive/yyyy-MM.xml</c>); a busier month keeps its newest.</summary>
    [Range(1, 5000)]
    public int ArchiveMaxStories { get; set; } = 1000;

    /// <summary><c>Cache-Control: public, max-age</c> of feeds and the home page.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan CacheMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest rendered document, in bytes: a page that would be larger ends early with
    /// its <c>next</c> link (an archive keeps its newest stories and says so).</summary>
    [Range(4 * 1024 * 1024, 1024 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Memory for rendered bodies (and their compressed forms), in megabytes.</summary>
    [Range(1, 4096)]
    public int RenderCacheMegabytes { get; set; } = 64;

    /// <summary>Stories listed on the home page.</summary>
    [Range(1, 200)]
    public int HomeStories { get; set; } = 20;

    /// <summary>WebSub hubs advertised as <c>rel="hub"</c> and notified after changes.</summary>
    public List<Uri> WebSubHubs { get; set; } = [];

    /// <summary>Attempts per hub notification, the first included.</summary>
    [Range(1, 20)]
    public int WebSubMaxAttempts { get; set; } = 6;

    /// <summary>Wait before the second attempt; it doubles after each failure (at most ten minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan WebSubRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>When set, every feed and channel is written here as files after each change.</summary>
    public string? ExportDirectory { get; set; }

    /// <summary>How often the worker looks for committed changes to notify hubs and export files.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether anything runs after changes (hubs to notify or files to write).</summary>
    public bool PublishesOnChange => WebSubHubs.Count > 0 || !string.IsNullOrWhiteSpace(ExportDirectory);
}
