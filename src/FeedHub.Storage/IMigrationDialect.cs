namespace FeedHub.Storage;

/// <summary>The engine-specific parts of running migrations.</summary>
internal interface IMigrationDialect
{
    /// <summary>Folder under <c>Migrations/</c> holding this engine's scripts.</summary>
    string ScriptFolder { get; }

    /// <summary>Creates <c>schema_migrations(version, applied_at)</c> when it is missing.</summary>
    string CreateHistoryTableSql { get; }

    /// <summary>Counts the rows for <c>@Version</c>.</summary>
    string CountAppliedSql { get; }

    /// <summary>Records <c>@Version</c> applied at <c>@AppliedAt</c>.</summary>
    string RecordAppliedSql { get; }

    /// <summary>Counts tables named <c>schema_migrations</c> (0 or 1).</summary>
    string HistoryTableExistsSql { get; }

    /// <summary>Lists the recorded versions.</summary>
    string AppliedVersionsSql { get; }

    // What `migrate --script` prints around each script for a DBA to run by hand. The defaults are
    // standard SQL; an engine whose tools need more (SQL Server's GO batches) overrides them.

    /// <summary>Opens the transaction one script and its version record run in.</summary>
    string ScriptBeginTransaction => "BEGIN;";

    /// <summary>Commits it (and ends the batch, for engines that have batches).</summary>
    string ScriptCommitTransaction => "COMMIT;";

    /// <summary>Ends a statement the script prints itself (the history table, the version record).</summary>
    string ScriptStatementEnd => ";";

    /// <summary><see cref="RecordAppliedSql"/> with literal values: the same row the migrator writes.</summary>
    string ScriptRecordApplied(int version, DateTimeOffset appliedAt) =>
        RecordAppliedSql
            .Replace("@Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@AppliedAt", "'" + Mapping.UtcTimestamp.ToText(appliedAt) + "'", StringComparison.Ordinal);
}
