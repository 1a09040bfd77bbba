using Dapper;
using Microsoft.Data.Sqlite;

namespace FeedHub.IntegrationTests.Retention;

/// <summary>Writes many stored items straight into a migrated database, each in its own story
/// with a few candidate keys, as months of polling would have left them.</summary>
internal static class BulkItems
{
    public const int KeysPerItem = 4;

    public static async Task InsertAsync(string databasePath, long sourceId, int count, DateTimeOffset lastSeenAt)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using SqliteTransaction transaction = connection.BeginTransaction();
        long firstStory = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(id), 0) + 1 FROM story_ids", transaction: transaction);
        string seen = lastSeenAt.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        string body = "<p>" + string.Join(' ', Enumerable.Repeat("Pemerintah Provinsi Kalimantan Selatan menggelar rapat koordinasi", 12)) + "</p>";

        using SqliteCommand story = Command(connection, transaction, "INSERT INTO stories (id, published_at, first_seen_at, updated_at) VALUES ($id, $at, $at, $at)", "$id", "$at");
        using SqliteCommand item = Command(
            connection,
            transaction,
            """
            INSERT INTO items (source_id, item_key, guid, link, canonical_link, title, content, published_at, first_seen_at, last_seen_at, content_hash, story_id, match_text)
            VALUES ($source, $key, $key, $link, $link, $title, $body, $at, $at, $at, $key, $story, $title)
            RETURNING id
            """,
            "$source", "$key", "$link", "$title", "$body", "$at", "$story");
        using SqliteCommand origin = Command(connection, transaction, "UPDATE stories SET origin_item_id = $item WHERE id = $id", "$item", "$id");
        using SqliteCommand key = Command(connection, transaction, "INSERT INTO story_keys (key, published_at, item_id, story_id) VALUES ($key, $at, $item, $story)", "$key", "$at", "$item", "$story");
        for (int i = 0; i < count; i++)
        {
            long storyId = firstStory + i;
            story.Parameters["$id"].Value = storyId;
            story.Parameters["$at"].Value = seen;
            await story.ExecuteNonQueryAsync();

            string itemKey = $"bulk-{sourceId}-{i}";
            item.Parameters["$source"].Value = sourceId;
            item.Parameters["$key"].Value = itemKey;
            item.Parameters["$link"].Value = $"https://bulk.example/{sourceId}/{i}";
            item.Parameters["$title"].Value = $"Berita lama {i}";
            item.Parameters["$body"].Value = body;
            item.Parameters["$at"].Value = seen;
            item.Parameters["$story"].Value = storyId;
            long itemId = (long)(await item.ExecuteScalarAsync())!;

            origin.Parameters["$item"].Value = itemId;
            origin.Parameters["$id"].Value = storyId;
            await origin.ExecuteNonQueryAsync();
            for (int k = 0; k < KeysPerItem; k++)
            {
                key.Parameters["$key"].Value = (long)i * KeysPerItem + k + (sourceId << 40);
                key.Parameters["$at"].Value = seen;
                key.Parameters["$item"].Value = itemId;
                key.Parameters["$story"].Value = storyId;
                await key.ExecuteNonQueryAsync();
            }
        }

        // Story ids come from this sequence: later polls must not be handed these ids again.
        await connection.ExecuteAsync("INSERT INTO story_ids (id) VALUES (@Id)", new { Id = firstStory + count - 1 }, transaction);
        await transaction.CommitAsync();

        // A database at rest: months of polls would not have left the whole load in the WAL, and
        // the first commit after it would otherwise pay for copying it all into the file.
        await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (string name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        return command;
    }
}
