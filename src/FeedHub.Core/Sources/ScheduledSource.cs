namespace FeedHub.Core.Sources;

/// <summary>What an in-memory schedule follows of a source, and no more (see
/// <see cref="Storage.ISourceStore.ListScheduledAsync"/>).</summary>
/// <param name="Interval">The configured interval (null: the default), which with the URL is the
/// schedule's definition of the source.</param>
/// <param name="NextDueAt">The stored next due time, where a (re)started schedule resumes.</param>
public sealed record ScheduledSource(long Id, string Url, TimeSpan? Interval, DateTimeOffset? NextDueAt);
