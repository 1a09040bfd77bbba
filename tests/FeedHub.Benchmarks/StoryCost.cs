using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Storage;
using FeedHub.Tests.Stories.Syndication;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Benchmarks;

/// <summary><c>stories-cost [sizes] [measured days] [runs]</c>: the cost of story assignment per item
/// with 10k, 100k and 1M stored items. Story matching reads candidates through
/// <c>story_keys (key, published_at)</c> within ±7 days, so the cost should follow the window's
/// content, not the store's size.
/// The stored set is a template week of the syndication generator (realistic texts: shared
/// frames, officials, boilerplate), its matching text, keys and true stories computed by the Core,
/// tiled back to back in time up to the size: every stored week has the same density, so the
/// window holds the same amount whatever the size, and each key recurs once per week in the
/// store (a worst case for the index seek, not a best one). It is bulk-inserted in one
/// transaction, keys in index order, and cached under BenchmarkDotNet.Artifacts/stories-cost.
/// The measured batch is a fresh world (another seed, same sources) starting right after the
/// stored weeks, plus copies of 10% of the last stored week's items by another source, committed
/// poll by poll through the real <see cref="IItemStore"/> on a copy of the cached file.</summary>
internal static class StoryCost
{
    private const int TemplateSeed = 5;
    private const int MeasuredSeed = 17;
    private const int PortalsPerRegion = 6;
    private const int ReleasesPerDay = 12;
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly DateTimeOffset Epoch = new(2021, 1, 4, 0, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(string[] args)
    {
        int[] sizes = args.Length > 0
            ? [.. args[0].Split(',').Select(value => int.Parse(value, CultureInfo.InvariantCulture))]
            : [10_000, 100_000, 1_000_000];
        int measuredDays = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        int repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        string folder = Path.GetFullPath(Path.Combine("BenchmarkDotNet.Artifacts", "stories-cost"));
        Directory.CreateDirectory(folder);

        Template template = Template.Build();
        Console.WriteLine(FormattableString.Invariant(
            $"template week: {template.Items.Count} items ({template.Items.Count / 7.0:0} a day), {template.StoryCount} stories, {template.Keys.Count} keys ({(double)template.Keys.Count / template.Items.Count:0.0} an item)"));
        Console.WriteLine("stored  build s  window items  measured items  commits  median ms/item  mean ms/item  p90 ms/commit-item  ratio to first  (median of each run)");
        double? baseline = null;
        foreach (int size in sizes)
        {
            string cached = Path.Combine(folder, FormattableString.Invariant($"stored-{size}.db"));
            double buildSeconds = 0;
            if (!File.Exists(cached))
            {
                var build = Stopwatch.StartNew();
                await BuildAsync(cached, size, template);
                buildSeconds = build.Elapsed.TotalSeconds;
            }

            if (baseline is null)
            {
                // Unreported warm-up on the first size: JIT and first-use costs must not inflate the baseline.
                await MeasureCopyAsync(folder, cached, size, template, measuredDays);
            }

            // Each run on a fresh copy of the stored set; the run with the median median is reported.
            var runs = new List<Measurement>();
            for (int run = 0; run < repeats; run++)
            {
                runs.Add(await MeasureCopyAsync(folder, cached, size, template, measuredDays));
            }

            Measurement m = runs.OrderBy(r => r.MedianMsPerItem).ElementAt(runs.Count / 2);
            baseline ??= m.MedianMsPerItem;
            Console.WriteLine(FormattableString.Invariant(
                $"{size,7}  {buildSeconds,7:0}  {m.WindowItems,12}  {m.Items,14}  {m.Commits,7}  {m.MedianMsPerItem,14:0.00}  {m.MeanMsPerItem,12:0.00}  {m.P90MsPerItem,18:0.00}  {m.MedianMsPerItem / baseline.Value,14:0.00}  ({string.Join(" ", runs.Select(r => r.MedianMsPerItem.ToString("0.00", CultureInfo.InvariantCulture)))})"));
        }
    }

    private static async Task<Measurement> MeasureCopyAsync(string folder, string cached, int size, Template template, int measuredDays)
    {
        string work = Path.Combine(folder, FormattableString.Invariant($"work-{size}.db"));
        File.Copy(cached, work, overwrite: true);
        try
        {
            return await MeasureAsync(work, size, template, measuredDays);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (string file in new[] { work, work + "-wal", work + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<Measurement> MeasureAsync(string file, int size, Template template, int measuredDays)
    {
        int blocks = Blocks(size, template);
        DateTimeOffset storedEnd = Epoch + (blocks * Week);
        var clock = new ManualClock(storedEnd);
        await using ServiceProvider services = Services(file, clock);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        ISourceStore sources = services.GetRequiredService<ISourceStore>();
        Dictionary<int, long> ids = await UpsertSourcesAsync(sources, template.World);

        // A fresh world right after the stored weeks, and copies of the last stored week's items.
        SyndicationWorld fresh = SyndicationWorld.Generate(MeasuredSeed, measuredDays, PortalsPerRegion, ReleasesPerDay);
        TimeSpan shift = storedEnd - fresh.Items[0].PublishedAt;
        var measured = fresh.Items.Where(item => ids.ContainsKey(item.Source))
            .Select(item => item with { Key = "m-" + item.Key, Link = item.Link + "?m", PublishedAt = item.PublishedAt + shift })
            .ToList();
        int lastBlock = blocks - 1;
        var random = new Random(3);
        int[] portals = [.. ids.Keys.Where(source => !template.World.Sources[source].IsMediaCenter)];
        for (int t = 0; t < template.Items.Count && Id(lastBlock, t, template, size) >= 1; t++)
        {
            if (random.NextDouble() < 0.10)
            {
                SimItem original = template.Items[t];
                int copier = portals[random.Next(portals.Length)];
                if (copier != original.Source)
                {
                    measured.Add(original with
                    {
                        Source = copier,
                        Key = "c-" + original.Key,
                        Link = $"https://copy{copier}.example/{original.Key}",
                        PublishedAt = original.PublishedAt + (lastBlock * Week) + TimeSpan.FromHours(3),
                    });
                }
            }
        }

        measured.Sort((a, b) => a.PublishedAt.CompareTo(b.PublishedAt));
        long windowItems;
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using SqliteCommand count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM items WHERE published_at >= @From";
            count.Parameters.AddWithValue("@From", Text(storedEnd - Week));
            windowItems = (long)(await count.ExecuteScalarAsync())!;
        }

        // Each source commits what it published in the hour, in time order: polls, as the worker does.
        IItemStore items = services.GetRequiredService<IItemStore>();
        var perItem = new List<double>();
        double totalMs = 0;
        int total = 0;
        foreach (IGrouping<(long Hour, int Source), SimItem> poll in measured
            .GroupBy(item => (item.PublishedAt.ToUnixTimeSeconds() / 3600, item.Source))
            .OrderBy(group => group.Key.Item1))
        {
            List<SimItem> due = [.. poll];
            DateTimeOffset at = due[^1].PublishedAt.AddMinutes(5);
            clock.Set(at);
            var outcome = new PollOutcome { CheckedAt = at, HttpStatus = 200, NextDueAt = at.AddMinutes(30) };
            var watch = Stopwatch.StartNew();
            await items.CommitRefreshAsync(ids[poll.Key.Source], due.ConvertAll(SyndicationReplay.ToFeedItem), outcome, CancellationToken.None);
            double ms = watch.Elapsed.TotalMilliseconds;
            totalMs += ms;
            total += due.Count;
            perItem.Add(ms / due.Count);
        }

        perItem.Sort();
        return new Measurement(windowItems, total, perItem.Count, perItem[perItem.Count / 2], totalMs / total, perItem[(int)(perItem.Count * 0.9)]);
    }

    /// <summary>The stored set, in one transaction: sources through the store, then stories, items
    /// and keys by SQL, keys appended in primary-key order and the two secondary indexes of
    /// <c>story_keys</c> built once at the end, which is what makes 1M items take minutes.</summary>
    private static async Task BuildAsync(string file, int size, Template template)
    {
        string partial = file + ".partial";
        File.Delete(partial);
        var clock = new ManualClock(Epoch);
        await using (ServiceProvider services = Services(partial, clock))
        {
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            await UpsertSourcesAsync(services.GetRequiredService<ISourceStore>(), template.World);
        }

        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={partial};Pooling=False"))
        {
            await connection.OpenAsync();
            // Stories point at their origin items, inserted after them: checked by construction instead.
            Execute(connection, null, "PRAGMA synchronous = OFF; PRAGMA cache_size = -200000; PRAGMA foreign_keys = OFF;");
            Dictionary<string, long> sourceIds = [];
            await using (SqliteCommand read = connection.CreateCommand())
            {
                read.CommandText = "SELECT url, id FROM sources";
                await using SqliteDataReader reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    sourceIds[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            await using SqliteTransaction transaction = connection.BeginTransaction();
            Execute(connection, transaction, "DROP INDEX ix_story_keys_item_id; DROP INDEX ix_story_keys_story_id;");
            int blocks = Blocks(size, template);
            await using (SqliteCommand story = Prepare(connection, transaction,
                "INSERT INTO stories (id, origin_item_id, published_at, first_seen_at, updated_at, origin_rule, origin_reason) VALUES ($id, $origin, $at, $at, $at, 'EarliestPublished', 'earliest published copy')",
                "$id", "$origin", "$at"))
            {
                for (int b = 0; b < blocks; b++)
                {
                    for (int s = 0; s < template.StoryCount; s++)
                    {
                        // The earliest stored copy: in the partial week the true origin may be cut off.
                        int origin = template.MembersOf[s].FirstOrDefault(t => Id(b, t, template, size) >= 1, -1);
                        if (origin >= 0)
                        {
                            Run(story, StoryId(b, s, template), Id(b, origin, template, size), Text(template.Items[origin].PublishedAt + (b * Week)));
                        }
                    }
                }
            }

            await using (SqliteCommand item = Prepare(connection, transaction,
                """
                INSERT INTO items (id, source_id, item_key, guid, link, canonical_link, title, published_at, first_seen_at, last_seen_at,
                                   content_hash, story_id, match_text, credits, story_rule)
                VALUES ($id, $source, $key, $link, $link, $link, $title, $at, $seen, $seen, $hash, $story, $text, $credits, $rule)
                """,
                "$id", "$source", "$key", "$link", "$title", "$at", "$seen", "$hash", "$story", "$text", "$credits", "$rule"))
            {
                for (int b = 0; b < blocks; b++)
                {
                    for (int t = 0; t < template.Items.Count; t++)
                    {
                        if (Id(b, t, template, size) < 1)
                        {
                            continue;
                        }

                        SimItem sim = template.Items[t];
                        DateTimeOffset at = sim.PublishedAt + (b * Week);
                        string key = FormattableString.Invariant($"w{b}-{sim.Key}");
                        Run(item, Id(b, t, template, size), sourceIds[template.World.Sources[sim.Source].Url], key,
                            FormattableString.Invariant($"{sim.Link}?w={b}"), sim.Title, Text(at), Text(at.AddMinutes(10)), "h-" + key,
                            StoryId(b, template.StoryOf[t], template), template.Texts[t].MatchText,
                            JsonSerializer.Serialize(template.Texts[t].Credits), template.OriginOf[template.StoryOf[t]] == t ? "NewStory" : "SimilarText");
                    }
                }
            }

            // Keys sorted by (key, published_at, item id): tiling keeps the order across weeks.
            await using (SqliteCommand key = Prepare(connection, transaction,
                "INSERT INTO story_keys (key, published_at, item_id, story_id) VALUES ($key, $at, $item, $story)",
                "$key", "$at", "$item", "$story"))
            {
                int start = 0;
                while (start < template.Keys.Count)
                {
                    int end = start;
                    while (end < template.Keys.Count && template.Keys[end].Key == template.Keys[start].Key)
                    {
                        end++;
                    }

                    for (int b = 0; b < blocks; b++)
                    {
                        for (int k = start; k < end; k++)
                        {
                            int t = template.Keys[k].Item;
                            if (Id(b, t, template, size) >= 1)
                            {
                                Run(key, template.Keys[k].Key, Text(template.Items[t].PublishedAt + (b * Week)), Id(b, t, template, size), StoryId(b, template.StoryOf[t], template));
                            }
                        }
                    }

                    start = end;
                }
            }

            Execute(connection, transaction,
                """
                CREATE INDEX ix_story_keys_item_id ON story_keys (item_id);
                CREATE INDEX ix_story_keys_story_id ON story_keys (story_id);
                INSERT INTO story_ids (id) SELECT max(id) FROM stories;
                """);
            await transaction.CommitAsync();
            Execute(connection, null, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        SqliteConnection.ClearAllPools();
        File.Move(partial, file, overwrite: true);
    }

    private static int Blocks(int size, Template template) => (size + template.Items.Count - 1) / template.Items.Count;

    /// <summary>Items are numbered across the tiled weeks; the oldest week is the partial one (its
    /// first items are skipped), so the newest weeks, which the window sees, are whole at every size.</summary>
    private static long Id(int block, int t, Template template, int size) =>
        ((long)block * template.Items.Count) + t + 1 - (((long)Blocks(size, template) * template.Items.Count) - size);

    private static long StoryId(int block, int story, Template template) => ((long)block * template.StoryCount) + story + 1;

    private static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'", CultureInfo.InvariantCulture);

    private static async Task<Dictionary<int, long>> UpsertSourcesAsync(ISourceStore sources, SyndicationWorld world)
    {
        var ids = new Dictionary<int, long>();
        foreach (SimSource source in world.Sources.Where(source => source.Polled))
        {
            FeedSource stored = await sources.UpsertAsync(
                new SourceDefinition { Url = source.Url, Title = source.Title, IsOrigin = source.IsOrigin, Credits = source.Credits }, CancellationToken.None);
            ids[source.Index] = stored.Id;
        }

        return ids;
    }

    private static ServiceProvider Services(string file, TimeProvider clock)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["FeedHub:Storage:ConnectionString"] = $"Data Source={file}" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton(clock);
        services.AddFeedHubStorage();
        return services.BuildServiceProvider();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (string name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    private sealed record Measurement(long WindowItems, int Items, int Commits, double MedianMsPerItem, double MeanMsPerItem, double P90MsPerItem);

    /// <summary>One generated week of polled items with what the store would hold for them.</summary>
    private sealed class Template
    {
        public required SyndicationWorld World { get; init; }

        public required List<SimItem> Items { get; init; }

        public required List<StoryText> Texts { get; init; }

        public required int[] StoryOf { get; init; }

        public required int[] OriginOf { get; init; }

        public int StoryCount => OriginOf.Length;

        /// <summary>Each story's template items, in publish order.</summary>
        public required List<int>[] MembersOf { get; init; }

        /// <summary>(key, template item) sorted by key, then publish time.</summary>
        public required List<(long Key, int Item)> Keys { get; init; }

        public static Template Build()
        {
            SyndicationWorld world = SyndicationWorld.Generate(TemplateSeed, 7, PortalsPerRegion, ReleasesPerDay);
            var polled = world.Sources.Where(source => source.Polled).Select(source => source.Index).ToHashSet();
            // Rebased to the epoch and cut to one week, so weeks tile without overlap.
            TimeSpan rebase = Epoch - world.Items[0].PublishedAt;
            List<SimItem> items = [.. world.Items
                .Where(item => polled.Contains(item.Source) && item.PublishedAt + rebase < Epoch + Week)
                .Select(item => item with { PublishedAt = item.PublishedAt + rebase })];
            List<StoryText> texts = items.ConvertAll(item => StoryText.From(item.Title, item.Html));
            var options = new StoryOptions();
            Dictionary<int, SourceBoilerplate> boilerplate = Enumerable.Range(0, items.Count)
                .GroupBy(t => items[t].Source)
                .ToDictionary(group => group.Key, group => SourceBoilerplate.Learn(group.Select(t => texts[t].MatchText), options.BoilerplateMinItems));
            var storyIndex = new Dictionary<int, int>();
            var origins = new List<int>();
            int[] storyOf = new int[items.Count];
            for (int t = 0; t < items.Count; t++)
            {
                if (!storyIndex.TryGetValue(items[t].TrueStory, out int story))
                {
                    story = storyIndex[items[t].TrueStory] = origins.Count;
                    origins.Add(t);
                }

                storyOf[t] = story;
            }

            var keys = new List<(long Key, int Item)>();
            for (int t = 0; t < items.Count; t++)
            {
                foreach (long key in StoryKeys.For(StoryFeatures.From(texts[t].MatchText), boilerplate[items[t].Source], options.KeySamplingRate))
                {
                    keys.Add((key, t));
                }
            }

            // Items are in publish order, so (key, item) order is (key, published_at, id) order.
            keys.Sort();
            List<int>[] members = [.. origins.Select(_ => new List<int>())];
            for (int t = 0; t < items.Count; t++)
            {
                members[storyOf[t]].Add(t);
            }

            return new Template { World = world, Items = items, Texts = texts, StoryOf = storyOf, OriginOf = [.. origins], MembersOf = members, Keys = keys };
        }
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Set(DateTimeOffset now) => _now = now;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
