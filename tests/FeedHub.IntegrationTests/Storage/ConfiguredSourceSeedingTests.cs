using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>Workers started together seed the configured sources from one plan each; the
/// check-then-insert of source URLs must not let two of them add the same source.</summary>
public abstract class ConfiguredSourceSeedingTests(StorageProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Four_workers_seeding_the_same_sources_at_once_add_each_source_once()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        SourceDefinition[] configured = [.. Enumerable.Range(1, 5).Select(n => new SourceDefinition { Url = $"https://kab-{n}.example.go.id/feed", Title = $"Kabupaten {n}" })];
        IConfiguredSourceStore[] workers = [.. Enumerable.Range(0, 4).Select(_ => db.Connect().GetRequiredService<IConfiguredSourceStore>())];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<IReadOnlyList<SeedStep>>[] seeding = [.. workers.Select(worker => Task.Run(async () =>
        {
            await start.Task;
            return await worker.SeedAsync(state => ConfiguredSeeding.Plan(configured, state), "config", Ct);
        }, Ct))];
        start.SetResult();
        IReadOnlyList<SeedStep>[] steps = await Task.WhenAll(seeding);

        Assert.Equal(5, steps.Sum(worker => worker.Count(step => step.Action == SeedAction.Add)));
        Assert.Equal(5, db.Scalar("SELECT count(*) FROM sources"));
        Assert.Equal(5, db.Scalar("SELECT count(*) FROM configured_sources"));
        Assert.Equal(5, db.Scalar("SELECT count(*) FROM audit_log WHERE action = 'add'"));
    }
}

public sealed class ConfiguredSourceSeedingTestsOnSqlite() : ConfiguredSourceSeedingTests(StorageProvider.Sqlite);

public sealed class ConfiguredSourceSeedingTestsOnPostgres() : ConfiguredSourceSeedingTests(StorageProvider.Postgres);
