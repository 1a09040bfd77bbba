using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FeedHub.LoadFarm.Floor;

/// <summary><c>floor</c>: what the rows a refresh wrote cost SQLite alone. The difference between two
/// copies of a database, one taken before a <c>refresh --all</c> and one after it, is replayed onto
/// the first in plain SQL: the new stories, items (with their search-index rows, by the schema's
/// trigger), story keys and tags, the listed items' last-seen times and the sources' poll records,
/// in batches of sources in a shuffled order, each batch one transaction, as the batch writer
/// commits. No FeedHub code runs: no fetching, parsing, story matching or reading, so this is a
/// floor under any change to the code that keeps the schema and what it stores. Variants leave one
/// part out, to show what it costs. With <c>--per-item N</c> each new item is a transaction of its own
/// that also touches the N items its source stored before it (those the refresh touched at all), as
/// a poll of a document listing N + 1 entries with one new: the floor of one changed poll's writes.</summary>
internal static class StorageFloor
{
    private const int Seed = 7;

    private static readonly string[] Parts = ["as stored", "without story keys", "without the search index", "without source rows", "without touches"];

    public static int Run(FarmArguments args)
    {
        if (args.Before is null || args.After is null)
        {
            Console.Error.WriteLine("floor needs --before DB and --after DB: copies of one database before and after a refresh --all");
            return 2;
        }

        foreach (string file in new[] { args.Before, args.After })
        {
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"no such database: {file}");
                return 2;
            }
        }

        if (args.PerItem < 0)
        {
            Console.Error.WriteLine($"--per-item must be 0 or more, not {args.PerItem}");
            return 2;
        }

        if (args.Batch < 1)
        {
            Console.Error.WriteLine($"--batch must be at least 1, not {args.Batch}");
            return 2;
        }

        string work = args.Work ?? Path.Combine(Path.GetTempPath(), "feedhub-floor");
        Directory.CreateDirectory(work);
        string delta = Path.Combine(work, "floor-delta.db");
        FloorDelta counts;
        try
        {
            counts = FloorDelta.Build(args.Before, args.After, delta);
        }
        catch (Exception ex) when (ex is SqliteException or InvalidDataException)
        {
            Console.Error.WriteLine($"cannot compare {args.Before} with {args.After}: {ex.Message}");
            return 2;
        }

        if (args.PerItem is not null && counts.Items == 0)
        {
            Console.Error.WriteLine("--per-item needs new items in --after");
            return 2;
        }

        string unit = args.PerItem is { } listed
            ? FormattableString.Invariant($"one transaction per item, touching the {listed} items its source stored before it")
            : FormattableString.Invariant($"batches of {args.Batch} sources");
        Console.WriteLine(FormattableString.Invariant(
            $"delta: {counts.Items} items, {counts.Keys} story keys, {counts.Tags} tags, {counts.Stories} stories, {counts.Touched} touched items, {counts.Sources} sources; {unit}, {Environment.ProcessorCount} cores"));

        var cpu = Parts.ToDictionary(part => part, _ => new List<double>());
        for (int run = 1; run <= args.Runs; run++)
        {
            foreach (string part in Parts)
            {
                (double seconds, double wall) = Replay(args.Before, delta, Path.Combine(work, "floor.db"), part, args.Batch, args.PerItem, counts);
                cpu[part].Add(seconds);
                string each = args.PerItem is null ? string.Empty : FormattableString.Invariant($"  ({seconds * 1000 / counts.Items:0.000} ms of CPU an item)");
                Console.WriteLine(FormattableString.Invariant($"run {run}  {part,-26} cpu {seconds,7:0.000} s  wall {wall,7:0.000} s{each}"));
            }
        }

        double whole = Median(cpu[Parts[0]]);
        Console.WriteLine(FormattableString.Invariant($"medians of {args.Runs} runs (CPU of this process: user + system):"));
        foreach (string part in Parts)
        {
            double median = Median(cpu[part]);
            string share = part == Parts[0] ? string.Empty : FormattableString.Invariant($"  (the part left out: {whole - median:0.000} s)");
            string each = args.PerItem is null ? string.Empty : FormattableString.Invariant($"  {median * 1000 / counts.Items:0.000} ms an item");
            Console.WriteLine(FormattableString.Invariant($"  {part,-26} {median,7:0.000} s  {median / whole:0.00}x{share}{each}"));
        }

        return 0;
    }

    private static (double Cpu, double Wall) Replay(string before, string delta, string target, string part, int batch, int? perItem, FloorDelta counts)
    {
        foreach (string suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(target + suffix);
        }

        File.Copy(before, target);
        if (File.Exists(before + "-wal"))
        {
            File.Copy(before + "-wal", target + "-wal");
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        connection.Open();
        // FeedHub's pragmas and the batch writer's cache. Foreign keys are off: a shuffled order
        // may insert a story before the item it names as its origin, and the check is not the floor.
        FloorDelta.Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8192;");
        FloorDelta.Execute(connection, $"ATTACH DATABASE {FloorDelta.Quote(delta)} AS d");
        if (part == "without the search index")
        {
            FloorDelta.Execute(connection, "DROP TRIGGER IF EXISTS items_search_after_insert");
        }

        List<SqliteCommand> commands = perItem is { } listed ? [.. ItemStatements(connection, part, listed)] : [.. Statements(connection, part)];
        List<string> transactions = perItem is null ? SourceBatches(counts.SourceIds, batch) : [.. counts.ItemIds.Select(id => id.ToString(CultureInfo.InvariantCulture))];
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long began = Stopwatch.GetTimestamp();
        foreach (string ids in transactions)
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            foreach (SqliteCommand command in commands)
            {
                command.Transaction = transaction;
                command.Parameters["@Ids"].Value = ids;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        // Every page written is copied into the database file once, as the checkpointer does.
        FloorDelta.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        double wall = Stopwatch.GetElapsedTime(began).TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        foreach (SqliteCommand command in commands)
        {
            command.Dispose();
        }

        return (cpu, wall);
    }

    /// <summary>The sources in a shuffled order, as JSON lists of <paramref name="batch"/> ids.</summary>
    private static List<string> SourceBatches(IReadOnlyList<long> sourceIds, int batch)
    {
        long[] order = [.. sourceIds];
        new Random(Seed).Shuffle(order);
        return [.. order.Chunk(batch).Select(ids => "[" + string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]")];
    }

    /// <summary>One new item's rows (<c>@Ids</c> is its id): its story when new, the item, its keys and
    /// tags, the touch of the <paramref name="listed"/> items its source stored before it (where the
    /// refresh moved their last-seen times), and its source's row.</summary>
    private static IEnumerable<SqliteCommand> ItemStatements(SqliteConnection connection, string part, int listed)
    {
        yield return Prepared(connection, "INSERT OR IGNORE INTO main.stories SELECT * FROM d.stories WHERE id = (SELECT story_id FROM d.items WHERE id = @Ids)");
        yield return Prepared(connection, "INSERT OR IGNORE INTO main.story_ids (id) SELECT story_id FROM d.items WHERE id = @Ids AND story_id IN (SELECT id FROM d.stories)");
        yield return Prepared(connection, "INSERT INTO main.items SELECT * FROM d.items WHERE id = @Ids");
        if (part != "without story keys")
        {
            yield return Prepared(connection, "INSERT INTO main.story_keys SELECT * FROM d.story_keys WHERE item_id = @Ids");
        }

        yield return Prepared(connection, "INSERT INTO main.item_tags SELECT * FROM d.item_tags WHERE item_id = @Ids");
        if (part != "without touches")
        {
            yield return Prepared(connection, FormattableString.Invariant($"""
                UPDATE main.items SET last_seen_at = (SELECT n.last_seen_at FROM d.items n WHERE n.id = @Ids)
                WHERE id IN (SELECT o.id FROM main.items o WHERE o.source_id = (SELECT n.source_id FROM d.items n WHERE n.id = @Ids) AND o.id < @Ids ORDER BY o.id DESC LIMIT {listed})
                  AND id IN (SELECT s.id FROM d.seen_again s)
                """));
        }

        if (part != "without source rows")
        {
            string columns = string.Join(", ", FloorDelta.Columns(connection, "main", "sources").Where(column => column != "id").Select(column => $"\"{column}\""));
            yield return Prepared(connection, $"UPDATE main.sources SET ({columns}) = (SELECT {columns} FROM d.sources s WHERE s.id = sources.id) WHERE id = (SELECT source_id FROM d.items WHERE id = @Ids)");
        }
    }

    private static IEnumerable<SqliteCommand> Statements(SqliteConnection connection, string part)
    {
        const string Batch = "SELECT value FROM json_each(@Ids)";
        const string NewItems = $"SELECT id FROM d.items WHERE source_id IN ({Batch})";
        yield return Prepared(connection, $"INSERT OR IGNORE INTO main.stories SELECT * FROM d.stories WHERE id IN (SELECT story_id FROM d.items WHERE source_id IN ({Batch}))");
        yield return Prepared(connection, $"INSERT OR IGNORE INTO main.story_ids (id) SELECT story_id FROM d.items WHERE source_id IN ({Batch}) AND story_id IN (SELECT id FROM d.stories)");
        yield return Prepared(connection, $"INSERT INTO main.items SELECT * FROM d.items WHERE source_id IN ({Batch}) ORDER BY id");
        if (part != "without story keys")
        {
            yield return Prepared(connection, $"INSERT INTO main.story_keys SELECT * FROM d.story_keys WHERE item_id IN ({NewItems})");
        }

        yield return Prepared(connection, $"INSERT INTO main.item_tags SELECT * FROM d.item_tags WHERE item_id IN ({NewItems})");
        if (part != "without touches")
        {
            yield return Prepared(connection, $"UPDATE main.items SET last_seen_at = (SELECT t.last_seen_at FROM d.touched t WHERE t.id = items.id) WHERE id IN (SELECT id FROM d.touched WHERE source_id IN ({Batch}))");
        }

        if (part != "without source rows")
        {
            string columns = string.Join(", ", FloorDelta.Columns(connection, "main", "sources").Where(column => column != "id").Select(column => $"\"{column}\""));
            yield return Prepared(connection, $"UPDATE main.sources SET ({columns}) = (SELECT {columns} FROM d.sources s WHERE s.id = sources.id) WHERE id IN ({Batch})");
        }
    }

    private static SqliteCommand Prepared(SqliteConnection connection, string sql)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("@Ids", SqliteType.Text).Value = "[]";
        command.Prepare();
        return command;
    }


    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
