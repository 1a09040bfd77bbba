namespace FeedHub.Core.Items;

/// <summary>An entry of a feed that could not be used.</summary>
/// <param name="Reason">Why, worded the same for every entry skipped for that reason, so that a poll
/// can report each reason once with a count.</param>
/// <param name="Entry">Which entry ("Entry 3 (title)"), with any detail of its own.</param>
public sealed record SkippedEntry(string Reason, string Entry);
