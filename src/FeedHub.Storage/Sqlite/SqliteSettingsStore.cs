using FeedHub.Core.Storage;

namespace FeedHub.Storage.Sqlite;

/// <summary>The <c>settings</c> table.</summary>
internal sealed class SqliteSettingsStore(SqliteConnectionFactory connections, TimeProvider time) : ISettingsStore
{
    public async Task<string> GetOrAddAsync(string name, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);

        // Under the write lock: two processes starting at once both read the first one's value.
        await using SqliteSession session = await SqliteSession.BeginWriteAsync(connections, cancellationToken);
        await session.ExecuteAsync(
            "INSERT INTO settings (name, value, set_at) VALUES (@Name, @Value, @SetAt) ON CONFLICT (name) DO NOTHING",
            new { Name = name, Value = value, SetAt = time.GetUtcNow() });
        string stored = await session.ExecuteScalarAsync<string>("SELECT value FROM settings WHERE name = @Name", new { Name = name })
            ?? throw new InvalidOperationException($"Setting '{name}' was neither found nor stored.");
        await session.CommitAsync();
        return stored;
    }
}
