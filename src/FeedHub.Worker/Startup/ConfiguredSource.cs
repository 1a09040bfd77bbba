namespace FeedHub.Worker.Startup;

/// <summary>One entry of <c>FeedHub:Sources</c> in appsettings.json.</summary>
public sealed class ConfiguredSource
{
    public string Url { get; set; } = "";
    public string? Title { get; set; }
    public List<string> Tags { get; set; } = [];
    public TimeSpan? Interval { get; set; }
    public bool IsOrigin { get; set; }
    public List<string> Credits { get; set; } = [];
}
