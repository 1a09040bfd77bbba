using FeedHub.Storage;
using FeedHub.Tests.Stories.Syndication;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>The targets on a simulated week of regional syndication, replayed poll by
/// poll through the real store: precision ≥ 0.995, recall ≥ 0.95, origin right ≥ 95%.</summary>
public abstract class SyndicationQualityTests(StorageProvider provider)
{
    [Fact]
    public async Task A_simulated_week_meets_the_precision_recall_and_origin_targets()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        SyndicationWorld world = SyndicationWorld.Generate(seed: 11, days: 4);

        await SyndicationReplay.RunAsync(world, db.Sources, db.Items, at => db.Clock.SetUtcNow(at > db.Clock.GetUtcNow() ? at : db.Clock.GetUtcNow()), TestContext.Current.CancellationToken);
        StoryScore score = StoryScore.Compute(world, ReadAssignments(db));
        TestContext.Current.TestOutputHelper?.WriteLine(score.ToString());

        Assert.True(score.Precision >= 0.995, score.ToString());
        Assert.True(score.Recall >= 0.95, score.ToString());
        Assert.True(score.OriginAccuracy >= 0.95, score.ToString());
    }

    internal static List<(string ItemKey, long StoryId, bool IsOrigin)> ReadAssignments(StorageTestDatabase db) =>
        db.Query<(string, long, bool)>(
            "SELECT i.item_key, i.story_id, CASE WHEN i.id = s.origin_item_id THEN 1 ELSE 0 END FROM items i JOIN stories s ON s.id = i.story_id");
}

public sealed class SyndicationQualityTestsOnSqlite() : SyndicationQualityTests(StorageProvider.Sqlite);

public sealed class SyndicationQualityTestsOnPostgres() : SyndicationQualityTests(StorageProvider.Postgres);
