using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FeedHub.Benchmarks;

/// <summary>Time inside SQLite per statement text, from SQLite's own profile callback on one
/// connection (for <c>pipeline-profile --sql</c>: the writer's). SQLite reads its clock in whole
/// milliseconds for this callback, so one statement's time is 0 or a few ms; summed over thousands
/// of runs the rounding evens out. Statements a trigger or FTS5 runs inside another are reported on
/// their own as well, and are inside their caller's time too.</summary>
internal sealed class StatementProfile
{
    private readonly Dictionary<string, (long Count, long Nanoseconds)> _totals = new(StringComparer.Ordinal);
    private readonly strdelegate_profile _hook;

    public StatementProfile()
    {
        // The writer runs one statement at a time; the lock is for the reader of the totals.
        _hook = (_, sql, nanoseconds) =>
        {
            lock (_totals)
            {
                (long count, long total) = _totals.GetValueOrDefault(sql);
                _totals[sql] = (count + 1, total + (long)nanoseconds);
            }
        };
    }

    public void Attach(SqliteConnection connection) => raw.sqlite3_profile(connection.Handle, _hook, null);

    public void Detach(SqliteConnection connection) => raw.sqlite3_profile(connection.Handle, (strdelegate_profile?)null, null);

    /// <summary>The <paramref name="top"/> statements by time, each figure divided by
    /// <paramref name="runs"/> (runs of a <paramref name="unit"/>: "run", "poll").</summary>
    public void Report(TextWriter output, int runs, string unit, int top = 20)
    {
        lock (_totals)
        {
            double all = _totals.Values.Sum(total => total.Nanoseconds) / 1e6 / runs;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"inside SQLite on the writer's connection: {all:F3} ms a {unit}; by statement (ms a {unit}, times a {unit}):"));
            foreach ((string sql, (long count, long nanoseconds)) in _totals.OrderByDescending(total => total.Value.Nanoseconds).Take(top))
            {
                string text = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {nanoseconds / 1e6 / runs,8:F3} {(double)count / runs,8:F2}  {(text.Length > 110 ? text[..110] + "…" : text)}"));
            }
        }
    }
}
