using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;

namespace FeedHub.Storage;

public sealed partial class DatabaseMigrator
{
    /// <summary>The SQL a DBA would run instead of <see cref="MigrateAsync"/>: the history table,
    /// then each script this database lacks with its version record, one transaction per script.
    /// Reads the applied versions (none when the database does not exist yet or was never
    /// migrated) and writes nothing.</summary>
    /// <remarks>Everything FeedHub's schema holds comes from the embedded scripts of the engine, so
    /// this text and <see cref="MigrateAsync"/> cannot differ. When the clustered scheduler brings
    /// Quartz's tables, they come as numbered scripts in the same folder (Quartz's own
    /// <c>tables_*.sql</c> adapted) and appear here with no change to this method.</remarks>
    public async Task<string> ScriptAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<MigrationScript> scripts = MigrationScripts.Load(_dialect.MigrationFolder);
        IReadOnlySet<int> applied = await AppliedVersionsAsync(cancellationToken);
        MigrationScript[] pending = [.. scripts.Where(script => !applied.Contains(script.Version))];
        string from = applied.Count == 0 ? "an empty database" : $"version {applied.Max()}";
        DateTimeOffset now = _timeProvider.GetUtcNow();

        var sql = new StringBuilder();
        sql.AppendLine($"-- FeedHub schema migrations ({_dialect.MigrationFolder}) from {from} to version {scripts[^1].Version}.");
        if (pending.Length == 0)
        {
            sql.AppendLine("-- The database is up to date: there is nothing to run.");
            return sql.ToString();
        }

        sql.AppendLine($"-- Scripts: {string.Join(", ", pending.Select(script => script.Name))}.");
        // SQL Server's tools run a script in batches ended by GO; the others take it as it stands.
        bool batches = _dialect.Provider == StorageProvider.SqlServer;
        sql.AppendLine(_dialect.CreateHistoryTableSql + ";");
        sql.AppendLine(batches ? "GO" : "");
        foreach (MigrationScript script in pending)
        {
            sql.AppendLine($"-- {script.Name}");
            sql.AppendLine(batches ? "BEGIN TRANSACTION;" : "BEGIN;");
            sql.AppendLine(script.Sql.TrimEnd());
            // The row MigrateAsync records, with the time as literal text every engine reads as an instant.
            sql.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"INSERT INTO schema_migrations (version, applied_at) VALUES ({script.Version}, '{UtcTimestamp.ToText(now)}');"));
            sql.AppendLine("COMMIT;");
            sql.AppendLine(batches ? "GO" : "");
        }

        return sql.ToString();
    }

    private async Task<IReadOnlySet<int>> AppliedVersionsAsync(CancellationToken cancellationToken)
    {
        if (!_connections.DatabaseExists)
        {
            return new HashSet<int>();
        }

        await using DbConnection connection = await _connections.OpenProbeAsync(cancellationToken);
        if (!await HistoryTableExistsAsync(connection, cancellationToken))
        {
            return new HashSet<int>();
        }

        IEnumerable<int> applied = await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_migrations", commandTimeout: _connections.CommandTimeoutSeconds, cancellationToken: cancellationToken));
        return applied.ToHashSet();
    }
}
