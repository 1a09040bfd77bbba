using Npgsql;

namespace FeedHub.Benchmarks;

/// <summary>Samples the benchmark database's sessions from pg_stat_activity: how many are waiting
/// on a lock (any, and on Quartz's lock rows in particular) and how many are running a statement.</summary>
internal sealed class LockSampler(string database)
{
    public async Task<Summary> RunAsync(TimeSpan every, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false, ApplicationName = "cluster-scale sampler" }.ConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'),
                   count(*) FILTER (WHERE wait_event_type = 'Lock' AND query ILIKE '%qrtz_locks%'),
                   count(*) FILTER (WHERE state = 'active')
            FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
            """,
            connection);
        var summary = new Summary();
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(CancellationToken.None);
                await reader.ReadAsync(CancellationToken.None);
                summary.Add(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), every);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        return summary;
    }

    internal sealed class Summary
    {
        public int Samples { get; private set; }

        /// <summary>Session-seconds spent waiting on a lock (samples × sessions waiting × period).</summary>
        public double LockWaitSeconds { get; private set; }

        public double QuartzLockWaitSeconds { get; private set; }

        public long MaxWaiting { get; private set; }

        public double ActiveSum { get; private set; }

        public double MeanWaiting => Samples == 0 ? 0 : LockWaitSeconds / (Samples * Period);

        public double MeanActive => Samples == 0 ? 0 : ActiveSum / Samples;

        private double Period { get; set; }

        public void Add(long waiting, long waitingOnQuartz, long active, TimeSpan every)
        {
            Samples++;
            Period = every.TotalSeconds;
            LockWaitSeconds += waiting * every.TotalSeconds;
            QuartzLockWaitSeconds += waitingOnQuartz * every.TotalSeconds;
            MaxWaiting = Math.Max(MaxWaiting, waiting);
            ActiveSum += active;
        }
    }
}
