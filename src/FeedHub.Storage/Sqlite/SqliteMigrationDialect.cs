namespace FeedHub.Storage.Sqlite;

internal sealed class SqliteMigrationDialect : IMigrationDialect
{
    public string ScriptFolder => "Sqlite";

    public string CreateHistoryTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";

    public string CountAppliedSql => "SELECT count(*) FROM schema_migrations WHERE version = @Version";

    public string RecordAppliedSql => "INSERT INTO schema_migrations (version, applied_at) VALUES (@Version, @AppliedAt)";

    public string HistoryTableExistsSql => "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";

    public string AppliedVersionsSql => "SELECT version FROM schema_migrations";
}
