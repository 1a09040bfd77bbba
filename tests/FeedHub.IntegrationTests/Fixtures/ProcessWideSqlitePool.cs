namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>Microsoft.Data.Sqlite's connection pool is one per process, and hosts of tests running
/// beside clear all of it when they stop (<c>SqliteConnection.ClearAllPools</c>), which closes every
/// idle native connection. Tests that follow one pooled native connection across opens join this
/// collection and run on their own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideSqlitePool
{
    public const string Name = "Process-wide SQLite pool";
}
