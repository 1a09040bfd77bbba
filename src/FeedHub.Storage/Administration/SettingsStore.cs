using FeedHub.Core.Storage;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.Administration;

/// <summary>The <c>settings</c> table.</summary>
internal sealed class SettingsStore(StorageDatabase database, TimeProvider time) : ISettingsStore
{
    public async Task<string> GetOrAddAsync(string name, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);

        // A concurrent first insert of the same name is "already have it": every writer then reads
        // the one value that was stored first.
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        await session.ExecuteAsync(
            session.Dialect.InsertIgnoringDuplicates("settings", "name, value, set_at", "VALUES (@Name, @Value, @SetAt)", "name"),
            new { Name = name, Value = value, SetAt = time.GetUtcNow() });
        string stored = await session.ExecuteScalarAsync<string>("SELECT value FROM settings WHERE name = @Name", new { Name = name })
            ?? throw new InvalidOperationException($"Setting '{name}' was neither found nor stored.");
        await session.CommitAsync();
        return stored;
    }
}
