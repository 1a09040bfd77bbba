namespace FeedHub.Storage.Database;

/// <summary>The monotonic counter of changes to what the merged feeds show.</summary>
internal static class ChangeVersion
{
    private static readonly object NoParameters = new();

    // Sent by most changed polls: prepared once per connection.
    public static Task BumpAsync(StorageSession session) =>
        session.ExecutePreparedAsync("UPDATE feed_version SET version = version + 1 WHERE id = 1", NoParameters);

    public static async Task<long> ReadAsync(StorageSession session) =>
        await session.ExecuteScalarAsync<long>("SELECT version FROM feed_version WHERE id = 1");
}
