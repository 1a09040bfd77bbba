using System.Text.Json;
using FeedHub.Core.Links;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage.Administration;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;
using FeedHub.Storage.Stories;

namespace FeedHub.Storage.Sources;

/// <summary>The <c>configured_sources</c> table and the writes a seeding plan asks for.</summary>
internal sealed class ConfiguredSourceStore(StorageDatabase database, TimeProvider timeProvider) : IConfiguredSourceStore
{
    private static readonly JsonSerializerOptions SnapshotOptions = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<SeedStep>> SeedAsync(Func<SeedingState, IReadOnlyList<SeedStep>> plan, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        DateTimeOffset now = timeProvider.GetUtcNow();
        await using StorageSession session = await StorageSession.BeginWriteAsync(database, cancellationToken);
        // Two workers starting at once plan against the same state: the second waits and plans again.
        await session.Dialect.LockAsync(session, SessionLock.SourceCatalog);
        IReadOnlyList<SeedStep> steps = plan(await LoadAsync(session));
        var written = new List<SeedStep>(steps.Count);
        bool feedsChanged = false;
        foreach (SeedStep step in steps)
        {
            switch (step.Action)
            {
                case SeedAction.Add:
                    long id = await InsertSourceAsync(session, step.Updated!, now);
                    await RememberAsync(session, step.UrlKey, id, step.Configured, now);
                    await AuditLog.AppendAsync(session, new AuditEntry { At = now, Actor = actor, Action = "add", SourceId = id, Details = step.Details });
                    written.Add(step with { SourceId = id });
                    continue;
                case SeedAction.Apply:
                    await UpdateSourceAsync(session, step.SourceId!.Value, step.Updated!, now);
                    await RememberAsync(session, step.UrlKey, step.SourceId.Value, step.Configured, now);
                    await AuditLog.AppendAsync(session, new AuditEntry { At = now, Actor = actor, Action = "update", SourceId = step.SourceId, Details = step.Details });
                    feedsChanged = true;
                    break;
                case SeedAction.Adopt:
                case SeedAction.Remember:
                    await RememberAsync(session, step.UrlKey, step.SourceId!.Value, step.Configured, now);
                    break;
            }

            written.Add(step);
        }

        if (feedsChanged)
        {
            await ChangeVersion.BumpAsync(session);
        }

        await session.CommitAsync();
        return written;
    }

    private static async Task<SeedingState> LoadAsync(StorageSession session)
    {
        List<(string UrlKey, long SourceId, string Applied)> memory = await session.QueryAsync<(string, long, string)>(
            "SELECT url_key, source_id, applied FROM configured_sources");
        List<SourceRow> live = await session.QueryAsync<SourceRow>(
            $"SELECT {SourceRow.Columns} FROM sources WHERE deleted_at IS NULL");
        List<(string UrlKey, long SourceId)> known = await session.QueryAsync<(string, long)>(
            "SELECT url_key, id FROM sources UNION ALL SELECT url_key, source_id FROM source_aliases");
        return new SeedingState(
            memory.ToDictionary(m => m.UrlKey, m => new SeededSource(m.UrlKey, m.SourceId, ReadSnapshot(m.Applied)), StringComparer.Ordinal),
            live.ToDictionary(row => row.Id, row => row.ToFeedSource()),
            known.DistinctBy(k => k.UrlKey, StringComparer.Ordinal).ToDictionary(k => k.UrlKey, k => k.SourceId, StringComparer.Ordinal));
    }

    private static async Task<long> InsertSourceAsync(StorageSession session, SourceDefinition source, DateTimeOffset now)
    {
        // The plan was made under this transaction's write lock, so no other row has the key now.
        return await session.ExecuteScalarAsync<long>(
            session.Dialect.InsertReturningId(
                "sources",
                "url, url_key, title, tags, interval_seconds, is_origin, credits, created_at, updated_at",
                "@Url, @UrlKey, @Title, @Tags, @IntervalSeconds, @IsOrigin, @Credits, @Now, @Now"),
            new
            {
                source.Url,
                UrlKey = SourceUrlKey.From(source.Url),
                Title = string.IsNullOrWhiteSpace(source.Title) ? null : source.Title.Trim(),
                Tags = JsonColumns.FromStrings(source.Tags),
                IntervalSeconds = source.Interval is TimeSpan interval ? (long?)interval.TotalSeconds : null,
                IsOrigin = SourceStore.Flag(source.IsOrigin),
                Credits = JsonColumns.FromStrings(source.Credits),
                Now = now,
            });
    }

    private static async Task UpdateSourceAsync(StorageSession session, long id, SourceDefinition source, DateTimeOffset now)
    {
        bool originChanged = await session.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM sources WHERE id = @Id AND is_origin <> @IsOrigin", new { Id = id, IsOrigin = SourceStore.Flag(source.IsOrigin) }) > 0;
        await session.ExecuteAsync(
            """
            UPDATE sources
            SET title = @Title, tags = @Tags, interval_seconds = @IntervalSeconds, is_origin = @IsOrigin,
                credits = @Credits, updated_at = @Now, document_hash = NULL, document_item_ids = NULL
            WHERE id = @Id
            """,
            new
            {
                Id = id,
                Title = string.IsNullOrWhiteSpace(source.Title) ? null : source.Title.Trim(),
                Tags = JsonColumns.FromStrings(source.Tags),
                IntervalSeconds = source.Interval is TimeSpan interval ? (long?)interval.TotalSeconds : null,
                IsOrigin = SourceStore.Flag(source.IsOrigin),
                Credits = JsonColumns.FromStrings(source.Credits),
                Now = now,
            });
        if (originChanged)
        {
            List<long> storyIds = await session.QueryAsync<long>("SELECT DISTINCT story_id FROM items WHERE source_id = @Id", new { Id = id });
            await StoryOrigins.RefreshAsync(session, storyIds, now);
        }
    }

    private static Task RememberAsync(StorageSession session, string urlKey, long sourceId, SourceDefinition applied, DateTimeOffset now) =>
        session.ExecuteAsync(
            session.Dialect.Upsert(
                "configured_sources",
                "url_key, source_id, applied, applied_at",
                "VALUES (@UrlKey, @SourceId, @Applied, @Now)",
                "url_key",
                ["source_id", "applied", "applied_at"]),
            new { UrlKey = urlKey, SourceId = sourceId, Applied = JsonSerializer.Serialize(applied, SnapshotOptions), Now = now });

    private static SourceDefinition ReadSnapshot(string json) =>
        JsonSerializer.Deserialize<SourceDefinition>(json, SnapshotOptions)
            ?? throw new InvalidOperationException("A configured_sources row holds no snapshot.");
}
