using Dapper;
using FeedHub.Core.Links;
using Microsoft.Data.Sqlite;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>Migration 0007 on a real SQLite file built with the schema before it (scripts 1–6 as
/// shipped), holding what earlier versions left behind after a 301: the configured old URL seeded
/// again as a second source that polls the same feed.</summary>
public sealed class RedirectDuplicateMigrationTests
{
    private const string NewUrl = "https://portal.example/new.xml";
    private const string OldUrl = "https://portal.example/old.xml";
    private const string Republisher = "https://other.example/rss";

    [Fact]
    public async Task A_source_left_behind_by_a_permanent_redirect_is_merged_into_the_one_that_moved_without_losing_a_story()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(migrate: false);
        CancellationToken ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(db.Folder);
        using (SqliteConnection old = db.OpenRaw())
        {
            BuildSchemaBefore(old, version: 7);
            Seed(old);
        }

        await db.Migrator.MigrateAsync(ct);

        using SqliteConnection after = db.OpenRaw();
        Assert.Equal([1L, 3L], after.Query<long>("SELECT id FROM sources ORDER BY id"));
        Assert.Equal(1L, after.ExecuteScalar<long>("SELECT source_id FROM source_aliases WHERE url_key = @Key", new { Key = Key(OldUrl) }));
        Assert.Equal(1L, after.ExecuteScalar<long>("SELECT source_id FROM configured_sources WHERE url_key = @Key", new { Key = Key(OldUrl) }));

        // Twins (same entry, polled twice) are dropped; what only the duplicate stored moves over.
        Assert.Equal(
            ["1:k1", "1:k2", "1:k3", "1:k4", "3:x1"],
            after.Query<string>("SELECT source_id || ':' || item_key FROM items ORDER BY source_id, item_key"));
        Assert.Equal(
            [(10L, "a1"), (12L, "a2"), (13L, "b3"), (14L, "a4")],
            after.Query<(long, string)>(
                "SELECT s.id, i.guid FROM stories s JOIN items i ON i.id = s.origin_item_id ORDER BY s.id"));
        Assert.Equal(0L, after.ExecuteScalar<long>("SELECT count(*) FROM stories WHERE id = 11"));
        Assert.Equal(0L, after.ExecuteScalar<long>(
            "SELECT count(*) FROM items WHERE story_id NOT IN (SELECT id FROM stories)"));
        Assert.Equal(0L, after.ExecuteScalar<long>(
            "SELECT count(*) FROM stories WHERE origin_item_id IS NULL OR origin_item_id NOT IN (SELECT id FROM items)"));
        Assert.Equal("2026-11-01T01:00:00.0000000Z", after.ExecuteScalar<string>("SELECT published_at FROM stories WHERE id = 14"));
        Assert.Equal(("migration", "merge", 2L), after.QuerySingle<(string, string, long)>("SELECT actor, action, source_id FROM audit_log"));
        Assert.True(after.ExecuteScalar<long>("SELECT version FROM feed_version") > 5);
        Assert.Empty(after.Query("PRAGMA foreign_key_check"));
    }

    [Fact]
    public async Task Sources_without_a_recorded_redirect_to_another_source_are_left_alone()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(migrate: false);
        Directory.CreateDirectory(db.Folder);
        using (SqliteConnection old = db.OpenRaw())
        {
            BuildSchemaBefore(old, version: 7);
            Seed(old);
            // The redirect error names a source that does not hold that URL: not a proven duplicate.
            old.Execute("UPDATE sources SET last_error = 'Permanent redirect to https://elsewhere.example/ was not applied: source 3 already has that URL.' WHERE id = 2");
        }

        await db.Migrator.MigrateAsync(TestContext.Current.CancellationToken);

        using SqliteConnection after = db.OpenRaw();
        Assert.Equal([1L, 2L, 3L], after.Query<long>("SELECT id FROM sources ORDER BY id"));
        Assert.Equal(8L, after.ExecuteScalar<long>("SELECT count(*) FROM items"));
        Assert.Equal(0L, after.ExecuteScalar<long>("SELECT count(*) FROM source_aliases"));
    }

    /// <summary>Applies the shipped scripts older than <paramref name="version"/> and records them
    /// as the migrator does, so the migrator then applies only the newer ones.</summary>
    private static void BuildSchemaBefore(SqliteConnection connection, int version)
    {
        string folder = Path.Combine(RepositoryRoot(), "src", "FeedHub.Storage", "Migrations", "Sqlite");
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
        foreach (string file in Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal))
        {
            int number = int.Parse(Path.GetFileName(file)[..4], System.Globalization.CultureInfo.InvariantCulture);
            if (number >= version)
            {
                continue;
            }

            connection.Execute(File.ReadAllText(file));
            connection.Execute("INSERT INTO schema_migrations (version, applied_at) VALUES (@number, '2026-01-01T00:00:00.0000000Z')", new { number });
        }
    }

    /// <summary>Source 1 moved from the old URL to the new one; source 2 is the old URL seeded again
    /// by configuration, whose polls follow the redirect and store the same entries; source 3 is a
    /// portal republishing story 10.
    /// Story 10: a1, b1 (its twin), x1. Story 11: only b2, whose twin a2 is in story 12.
    /// Story 13: only b3, an entry source 1 never stored. Story 14: b4 is the origin, a4 its twin.</summary>
    private static void Seed(SqliteConnection connection)
    {
        const string t0 = "2026-11-01T00:00:00.0000000Z";
        const string t1 = "2026-11-01T01:00:00.0000000Z";
        connection.Execute(
            """
            INSERT INTO sources (id, url, url_key, created_at, updated_at, last_error) VALUES
              (1, @NewUrl, @NewKey, @t0, @t0, NULL),
              (2, @OldUrl, @OldKey, @t0, @t0, 'Permanent redirect to ' || @NewUrl || ' was not applied: source 1 already has that URL.'),
              (3, @Republisher, @RepublisherKey, @t0, @t0, NULL);
            INSERT INTO configured_sources (url_key, source_id, applied, applied_at) VALUES (@OldKey, 2, '{"url":"' || @OldUrl || '"}', @t0);
            INSERT INTO stories (id, canonical_link, published_at, first_seen_at, updated_at) VALUES
              (10, 'https://portal.example/1', @t0, @t0, @t0), (11, 'https://portal.example/2', @t0, @t0, @t0),
              (12, 'https://portal.example/2', @t0, @t0, @t0), (13, 'https://portal.example/3', @t0, @t0, @t0),
              (14, 'https://portal.example/4', @t0, @t0, @t0);
            INSERT INTO items (id, source_id, item_key, guid, canonical_link, title, published_at, first_seen_at, last_seen_at, content_hash, story_id) VALUES
              (101, 1, 'k1', 'a1', 'https://portal.example/1', 'One',   @t0, @t0, @t0, 'h', 10),
              (102, 2, 'k1', 'b1', 'https://portal.example/1', 'One',   @t0, @t0, @t0, 'h', 10),
              (103, 3, 'x1', 'x1', 'https://portal.example/1', 'One',   @t1, @t1, @t1, 'h', 10),
              (104, 2, 'k2', 'b2', 'https://portal.example/2', 'Two',   @t0, @t0, @t0, 'h', 11),
              (105, 1, 'k2', 'a2', 'https://portal.example/2', 'Two',   @t0, @t0, @t0, 'h', 12),
              (106, 2, 'k3', 'b3', 'https://portal.example/3', 'Three', @t0, @t0, @t0, 'h', 13),
              (107, 2, 'k4', 'b4', 'https://portal.example/4', 'Four',  @t0, @t0, @t0, 'h', 14),
              (108, 1, 'k4', 'a4', 'https://portal.example/4', 'Four', @t1, @t1, @t1, 'h', 14);
            UPDATE stories SET origin_item_id = CASE id WHEN 10 THEN 101 WHEN 11 THEN 104 WHEN 12 THEN 105 WHEN 13 THEN 106 WHEN 14 THEN 107 END;
            UPDATE feed_version SET version = 5;
            """,
            new
            {
                NewUrl,
                NewKey = Key(NewUrl),
                OldUrl,
                OldKey = Key(OldUrl),
                Republisher,
                RepublisherKey = Key(Republisher),
                t0,
                t1,
            });
    }

    private static string Key(string url) => UrlCanonicalizer.Canonicalize(new Uri(url))!;

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FeedHub.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("FeedHub.sln not found above " + AppContext.BaseDirectory);
    }
}
