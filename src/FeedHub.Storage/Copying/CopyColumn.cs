namespace FeedHub.Storage.Copying;

/// <summary>How a column's values are written, whatever the engine calls the type: a SQLite
/// timestamp is text, a PostgreSQL one a timestamptz, and the copy converts between them.</summary>
internal enum ColumnKind
{
    Integer,
    Real,
    Boolean,
    Text,
    Json,
    Timestamp,
    Binary,
}

/// <summary>A column the copy writes: its name and the target's kind of value.</summary>
internal sealed record CopyColumn(string Name, ColumnKind Kind, bool IsIdentity = false);

/// <summary>A table as the copy writes it into the target.</summary>
internal sealed record CopyTable(string Name, IReadOnlyList<CopyColumn> Columns)
{
    public bool HasIdentity => Columns.Any(column => column.IsIdentity);
}
