namespace FeedHub.Storage.Database;

/// <summary>What a write session serializes on a server engine (<see cref="ISqlDialect.LockAsync"/>).
/// A session that takes several takes them in this order.</summary>
internal enum SessionLock
{
    /// <summary>Which URLs belong to which source: a check that a URL is free followed by the
    /// insert or change that takes it (adding, seeding, moving a source).</summary>
    SourceCatalog = 1,

    /// <summary>One source's poll state and items (id = the source id): two commits of one
    /// source, as Quartz's at-least-once delivery can start, run one after the other.</summary>
    Source = 2,

    /// <summary>Placing new items in stories, and an admin's splits and merges: candidates are
    /// read and the decision written with no other placement in between, so a story is never
    /// split or duplicated by a race. One lock rather than one per story key: a release has tens
    /// of keys, a batch hundreds, and PostgreSQL's lock table (64 per connection by default)
    /// would fill; only commits that have new items take it.</summary>
    StoryAssignment = 3,
}
