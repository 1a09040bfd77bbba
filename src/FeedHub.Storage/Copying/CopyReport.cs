namespace FeedHub.Storage.Copying;

/// <summary>Rows of one table in the source and, after the copy, in the target.</summary>
public sealed record TableCount(string Table, long Source, long Target)
{
    public bool Matches => Source == Target;
}

/// <summary>What <see cref="DatabaseCopier"/> copied and what it did not, with the reason.</summary>
public sealed record CopyReport(IReadOnlyList<TableCount> Tables, IReadOnlyList<string> Notes)
{
    public bool Matches => Tables.All(table => table.Matches);
}

/// <summary>Progress of one table: rows copied so far out of the source's count.</summary>
public sealed record CopyProgress(string Table, long Copied, long Total);
