namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>Microsoft.Data.Sqlite's connection pool is one per process: its own pruning, or a test
/// that clears more than its database's pool (<see cref="SqlitePools"/> clears only that), closes
/// idle native connections. Tests that follow one pooled native connection across opens join this
/// collection and run on their own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideSqlitePool
{
    public const string Name = "Process-wide SQLite pool";
}
