namespace FeedHub.Core.Scheduling;

/// <param name="MinInterval">Shortest interval an adaptive source gets, whatever it posts or asks.</param>
/// <param name="MaxInterval">Longest interval an adaptive source gets, even when silent for months.</param>
/// <param name="DefaultInterval">Where a source starts before anything is known of it.</param>
public sealed record CadenceSettings(TimeSpan MinInterval, TimeSpan MaxInterval, TimeSpan DefaultInterval);

/// <summary>The interval a source is polled on now, and why, in words an operator reads.</summary>
public sealed record EffectiveInterval(TimeSpan Interval, string Reason);
