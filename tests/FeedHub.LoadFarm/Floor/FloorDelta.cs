using Microsoft.Data.Sqlite;

namespace FeedHub.LoadFarm.Floor;

/// <summary>What a refresh added to a database and what it changed in place, read from a copy before
/// it and a copy after it into a small database of their own, so that a replay reads little.</summary>
internal sealed record FloorDelta(long Items, long Keys, long Tags, long Stories, long Touched, long Sources, IReadOnlyList<long> SourceIds, IReadOnlyList<long> ItemIds)
{
    public static FloorDelta Build(string before, string after, string delta)
    {
        foreach (string suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(delta + suffix);
        }

        // Opened by URI, so that the attached databases' URIs (read-only) are read as URIs too.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FileUri(delta), Pooling = false }.ToString());
        connection.Open();
        // Read-only: the user's two databases must come out as they went in. A read-write attach would
        // checkpoint a copy's WAL into it when the connection closes.
        Execute(connection, $"ATTACH DATABASE {ReadOnly(before)} AS b; ATTACH DATABASE {ReadOnly(after)} AS a;");
        string schemaBefore = Scalar<string>(connection, "SELECT group_concat(sql, ';') FROM (SELECT sql FROM b.sqlite_master WHERE sql IS NOT NULL ORDER BY name)");
        string schemaAfter = Scalar<string>(connection, "SELECT group_concat(sql, ';') FROM (SELECT sql FROM a.sqlite_master WHERE sql IS NOT NULL ORDER BY name)");
        if (schemaBefore != schemaAfter)
        {
            throw new InvalidDataException("the two databases have different schemas (a migration ran in between?)");
        }

        long lastItem = Scalar<long>(connection, "SELECT coalesce(max(id), 0) FROM b.items");
        long lastStory = Scalar<long>(connection, "SELECT coalesce(max(id), 0) FROM b.stories");
        if (Scalar<long>(connection, "SELECT count(*) FROM b.items WHERE id NOT IN (SELECT id FROM a.items)") > 0)
        {
            throw new InvalidDataException("the second database lacks items of the first: --after must be the same database after the refresh");
        }

        Execute(connection, $"""
            CREATE TABLE items AS SELECT * FROM a.items WHERE id > {lastItem};
            CREATE TABLE story_keys AS SELECT * FROM a.story_keys WHERE item_id > {lastItem};
            CREATE TABLE item_tags AS SELECT * FROM a.item_tags WHERE item_id > {lastItem};
            CREATE TABLE stories AS SELECT * FROM a.stories WHERE id > {lastStory};
            CREATE TABLE touched AS SELECT ai.id, ai.source_id, ai.last_seen_at FROM a.items ai JOIN b.items bi ON bi.id = ai.id WHERE ai.last_seen_at <> bi.last_seen_at;
            CREATE TABLE sources AS SELECT * FROM a.sources WHERE id IN (SELECT id FROM b.sources);
            CREATE TABLE seen_again (id INTEGER PRIMARY KEY);
            INSERT INTO seen_again SELECT id FROM touched UNION SELECT id FROM items WHERE last_seen_at > first_seen_at;
            CREATE INDEX ix_items_source_id ON items (source_id);
            CREATE INDEX ix_items_id ON items (id);
            CREATE INDEX ix_story_keys_item_id ON story_keys (item_id);
            CREATE INDEX ix_item_tags_item_id ON item_tags (item_id);
            CREATE INDEX ix_stories_id ON stories (id);
            CREATE INDEX ix_touched_source_id ON touched (source_id);
            CREATE INDEX ix_touched_id ON touched (id);
            CREATE INDEX ix_sources_id ON sources (id);
            """);
        List<long> ids = Ids(connection, "SELECT id FROM sources ORDER BY id");
        return new FloorDelta(
            Count(connection, "items"), Count(connection, "story_keys"), Count(connection, "item_tags"),
            Count(connection, "stories"), Count(connection, "touched"), ids.Count, ids, Ids(connection, "SELECT id FROM items ORDER BY id"));
    }

    private static List<long> Ids(SqliteConnection connection, string sql)
    {
        var ids = new List<long>();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>The column names of a table, in their order.</summary>
    public static List<string> Columns(SqliteConnection connection, string schema, string table)
    {
        var columns = new List<string>();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}', '{schema}') ORDER BY cid";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static long Count(SqliteConnection connection, string table) => Scalar<long>(connection, $"SELECT count(*) FROM {table}");

    /// <summary>A path as a read-only URI in an SQL string literal.</summary>
    private static string ReadOnly(string path) => Quote(FileUri(path) + "?mode=ro");

    private static string FileUri(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    /// <summary>A path as an SQL string literal (ATTACH DATABASE takes no parameter).</summary>
    public static string Quote(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar() ?? throw new InvalidDataException($"no answer to {sql}"), typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
