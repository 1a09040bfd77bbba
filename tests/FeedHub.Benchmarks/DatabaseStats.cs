using System.Globalization;
using Npgsql;

namespace FeedHub.Benchmarks;

/// <summary>PostgreSQL's own counters for the benchmark database: committed transactions, and
/// rows written to Quartz's tables (check-ins are updates of <c>qrtz_scheduler_state</c>).</summary>
internal sealed record DatabaseStats(long Commits, long Rollbacks, long Deadlocks, long CheckIns, long QuartzRowWrites, long QuartzLockRowReads)
{
    public static async Task<DatabaseStats> ReadAsync(string database)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        // The statistics collector reports with a delay of up to a second; ask for a fresh snapshot.
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT d.xact_commit, d.xact_rollback, d.deadlocks,
                   coalesce((SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'qrtz_scheduler_state'), 0),
                   coalesce((SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_user_tables WHERE relname LIKE 'qrtz\_%'), 0)::bigint,
                   coalesce((SELECT idx_tup_fetch + seq_tup_read FROM pg_stat_user_tables WHERE relname = 'qrtz_locks'), 0)
            FROM pg_stat_database d WHERE d.datname = current_database()
            """,
            connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DatabaseStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    public DatabaseStats Minus(DatabaseStats earlier) => new(
        Commits - earlier.Commits,
        Rollbacks - earlier.Rollbacks,
        Deadlocks - earlier.Deadlocks,
        CheckIns - earlier.CheckIns,
        QuartzRowWrites - earlier.QuartzRowWrites,
        QuartzLockRowReads - earlier.QuartzLockRowReads);

    /// <summary>CPU used by the server processes of the database's open sessions (the workers'
    /// pooled connections), read from /proc; connections closed earlier are not counted.</summary>
    public static async Task<double> BackendCpuSecondsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        double ticks = 0;
        while (await reader.ReadAsync())
        {
            string stat = Path.Combine("/proc", reader.GetInt32(0).ToString(CultureInfo.InvariantCulture), "stat");
            try
            {
                // Fields 14 and 15 (utime, stime) follow the parenthesised command name.
                string[] fields = File.ReadAllText(stat).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The session ended meanwhile.
            }
        }

        // Clock ticks per second: 100 on Linux.
        return ticks / 100.0;
    }
}
