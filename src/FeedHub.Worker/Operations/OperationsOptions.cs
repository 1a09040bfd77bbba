using System.ComponentModel.DataAnnotations;

namespace FeedHub.Worker.Operations;

/// <summary>Section <c>FeedHub:Operations</c>.</summary>
public sealed class OperationsOptions
{
    public const string Section = "FeedHub:Operations";

    /// <summary>A source failing for this long (since the first failure after its last success)
    /// is flagged <c>failing_too_long</c>.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan FailingAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long SIGTERM waits for in-flight polls to finish or cancel before the host
    /// stops anyway. Cancelled polls commit nothing, so stopping early loses no data.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>/status/*</c> and <c>/metrics</c> need an admin key, as the admin API does.
    /// Off by default: health checks and the feeds stay open either way.</summary>
    public bool RequireKey { get; set; }
}
