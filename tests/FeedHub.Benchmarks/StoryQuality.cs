using System.Globalization;
using Dapper;
using FeedHub.Core.Storage;
using FeedHub.Storage;
using FeedHub.Tests.Stories.Syndication;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Benchmarks;

/// <summary><c>stories-quality [seed] [days] [thresholds] [--FeedHub:Stories:Name=value ...]</c>:
/// replays a simulated syndication world poll by poll into a fresh SQLite file for each
/// JoinThreshold and prints pairwise precision/recall of story assignment and origin accuracy: the
/// curve behind the default. Settings given as <c>--Key=value</c> override the defaults (another
/// <c>KeySamplingRate</c>, say) for every threshold.</summary>
internal static class StoryQuality
{
    public static async Task RunAsync(string[] arguments)
    {
        Dictionary<string, string?> overrides = arguments.Where(arg => arg.StartsWith("--", StringComparison.Ordinal))
            .Select(arg => arg[2..].Split('=', 2))
            .ToDictionary(pair => pair[0], string? (pair) => pair.Length == 2 ? pair[1] : throw new ArgumentException($"'--{pair[0]}' needs '=value'."), StringComparer.OrdinalIgnoreCase);
        string[] args = [.. arguments.Where(arg => !arg.StartsWith("--", StringComparison.Ordinal))];
        int seed = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 11;
        int days = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        double[] thresholds = args.Length > 2
            ? [.. args[2].Split(',').Select(value => double.Parse(value, CultureInfo.InvariantCulture))]
            : [0.35, 0.45, 0.55, 0.65, 0.75];
        SyndicationWorld world = SyndicationWorld.Generate(seed, days);
        Console.WriteLine($"seed {seed}, {days} days, {world.Items.Count} items, {world.Sources.Count} sources{string.Concat(overrides.Select(o => $", {o.Key}={o.Value}"))}");
        Console.WriteLine("threshold  precision  recall  origin  stories  ms/item");
        foreach (double threshold in thresholds)
        {
            string folder = Path.Combine(Path.GetTempPath(), "feedhub-stories-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var clock = new ManualClock(world.Items[0].PublishedAt);
                await using ServiceProvider services = Services(Path.Combine(folder, "feedhub.db"), threshold, clock, overrides);
                await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                await SyndicationReplay.RunAsync(world, services.GetRequiredService<ISourceStore>(), services.GetRequiredService<IItemStore>(), clock.Set, CancellationToken.None);
                double msPerItem = watch.Elapsed.TotalMilliseconds / world.Items.Count;
                List<(string, long, bool)> assignments;
                await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "feedhub.db")};Pooling=False"))
                {
                    assignments = (await connection.QueryAsync<(string, long, bool)>(
                        "SELECT i.item_key, i.story_id, i.id = s.origin_item_id FROM items i JOIN stories s ON s.id = i.story_id")).AsList();

                    // FEEDHUB_STORIES_DUMP=folder writes every item's story and reason, to diff two builds' decisions.
                    if (Environment.GetEnvironmentVariable("FEEDHUB_STORIES_DUMP") is { Length: > 0 } dump)
                    {
                        IEnumerable<string> lines = await connection.QueryAsync<string>(
                            "SELECT i.item_key || ' ' || i.story_id || ' ' || i.story_rule || ' ' || coalesce(i.story_reason, '') || ' origin ' || coalesce(s.origin_item_id, 0) FROM items i JOIN stories s ON s.id = i.story_id ORDER BY i.id");
                        Directory.CreateDirectory(dump);
                        await File.WriteAllLinesAsync(Path.Combine(dump, FormattableString.Invariant($"stories-{threshold:0.00}.txt")), lines);
                    }
                }

                StoryScore score = StoryScore.Compute(world, assignments);
                Console.WriteLine(FormattableString.Invariant($"{threshold,9:0.00}  {score.Precision,9:0.0000}  {score.Recall,6:0.0000}  {score.OriginAccuracy,6:0.0000}  {score.PredictedStories,7}/{score.TrueStories}  {msPerItem,7:0.0}"));
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static ServiceProvider Services(string file, double threshold, TimeProvider clock, IReadOnlyDictionary<string, string?> overrides)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FeedHub:Storage:ConnectionString"] = $"Data Source={file}",
                ["FeedHub:Stories:JoinThreshold"] = threshold.ToString(CultureInfo.InvariantCulture),
            })
            .AddInMemoryCollection(overrides)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton(clock);
        services.AddFeedHubStorage();
        return services.BuildServiceProvider();
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Set(DateTimeOffset now)
        {
            if (now > _now)
            {
                _now = now;
            }
        }

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
