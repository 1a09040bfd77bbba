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
}
