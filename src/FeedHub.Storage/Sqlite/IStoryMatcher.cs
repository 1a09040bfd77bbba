using FeedHub.Core.Items;

namespace FeedHub.Storage.Sqlite;

/// <summary>One tier of cross-source dedup: finds the story a new item belongs to, among
/// stored items and among the items assigned earlier in the same commit.</summary>
internal interface IStoryMatcher
{
    Task<long?> FindStoryAsync(SqliteSession session, FeedItem item, StoryBatch batch);
}
