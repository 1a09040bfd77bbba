using System.Diagnostics;
using System.Globalization;
using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Core.Text;
using FeedHub.Storage;
using FeedHub.Tests.Stories.Syndication;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Benchmarks;

/// <summary><c>search-cost [sizes] [providers] [seconds per query]</c>: ingest items/s and the
/// latency of the merged-feed queries (the page <c>/feed.xml</c> reads, a tag filter, <c>q</c>
/// searches for a common, a mid and a rare word, a deep <c>next</c> page) with 100k and 1M stored
/// items, through the real <see cref="IItemStore"/> and <see cref="IStoryReader"/> (the query a
/// render-cache miss runs). The stored set tiles two generated weeks of press releases and their
/// republications (the syndication generator: realistic Indonesian texts) back in time, one story
/// per item, each item with one to three categories drawn from a skewed list; it is bulk-inserted
/// with the folded text and tags the store writes (the engine's index follows), and cached
/// under BenchmarkDotNet.Artifacts/search-cost. Each measurement runs on a fresh copy.</summary>
internal static class SearchCost
{
    private const int TemplateSeed = 5;
    private const int FreshSeed = 17;
    private const int IngestItems = 1000;
    private static readonly DateTimeOffset End = new(2025, 5, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Spacing = TimeSpan.FromMinutes(2);

    /// <summary>Category names with a skew like real feeds: the first few are on most items.</summary>
    private static readonly string[] Categories =
    [
        "Pemerintahan", "Berita Daerah", "Kalimantan Selatan", "Ekonomi", "Pendidikan", "Kesehatan", "Infrastruktur",
        "Sosial", "Pariwisata", "Olahraga", "Pertanian", "Lingkungan", "Hukum", "Budaya", "Agama", "Teknologi",
        "Perikanan", "Perhubungan", "Kependudukan", "Ketenagakerjaan", "Perumahan", "Energi", "Kebencanaan", "Kepemudaan",
    ];

    private static readonly string[] Regions = ["kalsel", "kaltim", "kalteng", "kalbar", "kaltara", "nasional"];

    public static async Task RunAsync(string[] args)
    {
        int[] sizes = args.Length > 0 ? [.. args[0].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))] : [100_000, 1_000_000];
        string[] providers = args.Length > 1 ? args[1].Split(',') : ["sqlite"];
        double secondsPerQuery = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        // "cached": measure only the stored sets an earlier run built (a 1M seed can take longer
        // than one sitting on a loaded machine: seed each size in its own run first, then measure
        // every set together in one run).
        bool cachedOnly = args.Length > 3 && args[3] == "cached";
        string folder = Path.GetFullPath(Path.Combine("BenchmarkDotNet.Artifacts", "search-cost"));
        Directory.CreateDirectory(folder);

        Template template = Template.Build();
        Console.WriteLine(FormattableString.Invariant($"template: {template.Items.Count} items; words: common '{template.Common}' ({template.Share(template.Common):P1} of items), mid '{template.Mid}' ({template.Share(template.Mid):P2}), rare '{template.Rare}' ({template.Share(template.Rare):P3}); tag 'kesehatan' on {CategoryShare(5):P1}"));
        Console.WriteLine("provider  stored    build s  ingest items/s  query            runs  p50 ms   p99 ms   p50 ratio");
        double? baseline = null;
        foreach (string provider in providers)
        {
            foreach (int size in sizes)
            {
                if (cachedOnly && !await Store.IsBuiltAsync(provider, folder, size))
                {
                    Console.WriteLine(FormattableString.Invariant($"{provider,-8}  {size,7}  not built: run search-cost {size} {provider} first"));
                    continue;
                }

                await using Store store = await Store.OpenAsync(provider, folder, size, template);
                double ingest = await IngestAsync(store, template, size);
                Console.WriteLine(FormattableString.Invariant($"{provider,-8}  {size,7}  {store.BuildSeconds,9:0}  {ingest,14:0}"));
                foreach ((string name, StoryQuery query) in Queries(template, size))
                {
                    List<double> ms = await MeasureAsync(store.Stories, query, secondsPerQuery);
                    double p50 = Percentile(ms, 0.50);
                    baseline ??= p50;
                    Console.WriteLine(FormattableString.Invariant(
                        $"{provider,-8}  {size,7}  {"",9}  {"",14}  {name,-15}  {ms.Count,4}  {p50,7:0.0}  {Percentile(ms, 0.99),7:0.0}  {p50 / baseline.Value,8:0.0}"));
                }
            }
        }
    }

    private static IEnumerable<(string Name, StoryQuery Query)> Queries(Template template, int size)
    {
        yield return ("feed.xml", new StoryQuery { Limit = 50 });
        yield return ("tag=kesehatan", new StoryQuery { Limit = 50, Selections = [new StorySelection { Tags = ["kesehatan"] }] });
        yield return ("q=" + template.Common, new StoryQuery { Limit = 50, Words = [template.Common] });
        yield return ("q=" + template.Mid, new StoryQuery { Limit = 50, Words = [template.Mid] });
        yield return ("q=" + template.Rare, new StoryQuery { Limit = 50, Words = [template.Rare] });
        // The page a reader reaches after following 'next' through 90% of the history.
        long deep = size / 10;
        yield return ("deep next", new StoryQuery { Limit = 50, Before = new StoryCursor(PublishedAt(deep, size), deep) });
    }

    private static async Task<List<double>> MeasureAsync(IStoryReader stories, StoryQuery query, double seconds)
    {
        for (int i = 0; i < 3; i++)
        {
            await stories.QueryStoriesAsync(query, CancellationToken.None);
        }

        var ms = new List<double>();
        var total = Stopwatch.StartNew();
        while (ms.Count < 20 || (ms.Count < 500 && total.Elapsed.TotalSeconds < seconds))
        {
            var watch = Stopwatch.StartNew();
            StoryPage page = await stories.QueryStoriesAsync(query, CancellationToken.None);
            ms.Add(watch.Elapsed.TotalMilliseconds);
            if (page.Stories.Count == 0)
            {
                throw new InvalidOperationException("A measured query found nothing; the stored set is not what it should be.");
            }
        }

        return ms;
    }

    /// <summary>New items committed poll by poll (20 a poll, as a busy feed gives) through the real
    /// store: story matching, the folded text and tags, the engine's index. Items per second overall.</summary>
    private static async Task<double> IngestAsync(Store store, Template template, int size)
    {
        SyndicationWorld fresh = SyndicationWorld.Generate(FreshSeed, 3, 6, 12);
        List<SimItem> items = [.. fresh.Items.Where(item => store.SourceIds.ContainsKey(item.Source)).Take(IngestItems)];
        TimeSpan shift = End.AddHours(1) - items[0].PublishedAt;
        var watch = new Stopwatch();
        int stored = 0;
        foreach (IGrouping<int, SimItem> poll in items.Select((item, i) => (item, i)).GroupBy(p => p.i / 20, p => p.item))
        {
            foreach (IGrouping<int, SimItem> bySource in poll.GroupBy(item => item.Source))
            {
                List<FeedItem> feedItems = [.. bySource.Select(item => SyndicationReplay.ToFeedItem(item with { Key = "n-" + item.Key, PublishedAt = item.PublishedAt + shift }) with { Categories = CategoriesOf(stored + size) })];
                DateTimeOffset at = feedItems.Max(item => item.PublishedAt).AddMinutes(5);
                store.Clock.Set(at);
                watch.Start();
                await store.Items.CommitRefreshAsync(store.SourceIds[bySource.Key], feedItems, new PollOutcome { CheckedAt = at, HttpStatus = 200, NextDueAt = at.AddMinutes(30) }, CancellationToken.None);
                watch.Stop();
                stored += feedItems.Count;
            }
        }

        return stored / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Item n (1 = oldest) of a stored set of <paramref name="size"/>: two minutes apart, the newest just before <see cref="End"/>.</summary>
    private static DateTimeOffset PublishedAt(long n, int size) => End - ((size - n + 1) * Spacing);

    /// <summary>One to three categories, the first skewed to the head of the list.</summary>
    private static string[] CategoriesOf(long n)
    {
        var random = new Random((int)(n * 7919 % int.MaxValue));
        int count = 1 + random.Next(3);
        return [.. Enumerable.Range(0, count).Select(_ => Categories[Skewed(random)]).Distinct()];
    }

    private static int Skewed(Random random) => (int)(Categories.Length * Math.Pow(random.NextDouble(), 2.2));

    private static double CategoryShare(int index)
    {
        int hits = 0;
        for (int n = 1; n <= 20_000; n++)
        {
            hits += CategoriesOf(n).Contains(Categories[index]) ? 1 : 0;
        }

        return hits / 20_000.0;
    }

    private static double Percentile(List<double> values, double p)
    {
        List<double> sorted = [.. values.Order()];
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The template items with their folded text and the words the searches use.</summary>
    private sealed class Template
    {
        public required SyndicationWorld World { get; init; }

        public required List<SimItem> Items { get; init; }

        public required string[] Folded { get; init; }

        public required string Common { get; init; }

        public required string Mid { get; init; }

        public required string Rare { get; init; }

        private Dictionary<string, int> DocumentCounts { get; init; } = [];

        public double Share(string word) => DocumentCounts[word] / (double)Items.Count;

        public static Template Build()
        {
            SyndicationWorld world = SyndicationWorld.Generate(TemplateSeed, 14, 6, 12);
            List<SimItem> items = [.. world.Items.Where(item => world.Sources[item.Source].Polled)];
            string[] folded = [.. items.Select(item => SearchFold.ItemText(item.Title, null, item.Html))];
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string text in folded)
            {
                foreach (string token in text.Split(' ').Distinct())
                {
                    counts[token] = counts.GetValueOrDefault(token) + 1;
                }
            }

            // Words of letters only, near a target share of the items.
            string Near(double share) => counts
                .Where(pair => pair.Key.Length >= 5 && pair.Key.All(char.IsAsciiLetterLower))
                .OrderBy(pair => Math.Abs(Math.Log((pair.Value / (double)items.Count) / share)))
                .ThenBy(pair => pair.Key, StringComparer.Ordinal)
                .First().Key;
            return new Template
            {
                World = world,
                Items = items,
                Folded = folded,
                Common = Near(0.30),
                Mid = Near(0.02),
                Rare = Near(0.001),
                DocumentCounts = counts,
            };
        }
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Set(DateTimeOffset now) => _now = now;

        public override DateTimeOffset GetUtcNow() => _now;
    }

    /// <summary>A stored set on one provider, opened through the storage layer as the worker does.</summary>
    private sealed class Store : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly Func<ValueTask> _cleanup;

        private Store(ServiceProvider services, Dictionary<int, long> sourceIds, ManualClock clock, double buildSeconds, Func<ValueTask> cleanup)
        {
            _services = services;
            SourceIds = sourceIds;
            Clock = clock;
            BuildSeconds = buildSeconds;
            _cleanup = cleanup;
        }

        public Dictionary<int, long> SourceIds { get; }

        public ManualClock Clock { get; }

        public double BuildSeconds { get; }

        public IItemStore Items => _services.GetRequiredService<IItemStore>();

        public IStoryReader Stories => _services.GetRequiredService<IStoryReader>();

        public static async Task<bool> IsBuiltAsync(string provider, string folder, int size)
        {
            if (provider != "postgres")
            {
                return File.Exists(Path.Combine(folder, FormattableString.Invariant($"stored-{size}.db")));
            }

            await using var admin = new Npgsql.NpgsqlConnection(Server);
            await admin.OpenAsync();
            return await Scalar(admin, FormattableString.Invariant($"SELECT count(*) FROM pg_database WHERE datname = 'search_bench_{size}'")) > 0;
        }

        private static string Server =>
            Environment.GetEnvironmentVariable("FEEDHUB_BENCH_POSTGRES") is { Length: > 0 } value ? value : "Host=127.0.0.1;Port=5433;Username=postgres";

        public static async Task<Store> OpenAsync(string provider, string folder, int size, Template template)
        {
            if (provider == "postgres")
            {
                return await OpenPostgresAsync(size, template);
            }

            if (provider != "sqlite")
            {
                throw new ArgumentException($"Unknown provider '{provider}'.", nameof(provider));
            }

            string cached = Path.Combine(folder, FormattableString.Invariant($"stored-{size}.db"));
            double buildSeconds = 0;
            if (!File.Exists(cached))
            {
                var build = Stopwatch.StartNew();
                await BuildSqliteAsync(cached, size, template);
                buildSeconds = build.Elapsed.TotalSeconds;
            }

            // Per process: a run seeding one size may still be measuring while another measures.
            string work = Path.Combine(folder, FormattableString.Invariant($"work-{size}-{Environment.ProcessId}.db"));
            File.Copy(cached, work, overwrite: true);
            var clock = new ManualClock(End);
            ServiceProvider services = Services(new() { ["FeedHub:Storage:ConnectionString"] = $"Data Source={work}" }, clock);
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            Dictionary<int, long> ids = await UpsertSourcesAsync(services.GetRequiredService<ISourceStore>(), template.World);
            return new Store(services, ids, clock, buildSeconds, () =>
            {
                SqliteConnection.ClearAllPools();
                foreach (string file in new[] { work, work + "-wal", work + "-shm" })
                {
                    File.Delete(file);
                }

                return ValueTask.CompletedTask;
            });
        }

        /// <summary>The PostgreSQL server of FEEDHUB_BENCH_POSTGRES (default: the development
        /// server on port 5433); the stored set is a database <c>search_bench_SIZE</c>, each
        /// measurement runs on a copy made from it as a template.</summary>
        private static async Task<Store> OpenPostgresAsync(int size, Template template)
        {
            string server = Server;
            string cached = FormattableString.Invariant($"search_bench_{size}");
            string work = FormattableString.Invariant($"search_work_{size}_{Environment.ProcessId}");
            double buildSeconds = 0;
            await using (var admin = new Npgsql.NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                if (await Scalar(admin, $"SELECT count(*) FROM pg_database WHERE datname = '{cached}'") == 0)
                {
                    var build = Stopwatch.StartNew();
                    await BuildPostgresAsync(server, cached, size, template);
                    buildSeconds = build.Elapsed.TotalSeconds;
                }

                await Exec(admin, $"DROP DATABASE IF EXISTS {work}");
                await Exec(admin, $"CREATE DATABASE {work} TEMPLATE {cached}");
            }

            string connection = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = work }.ConnectionString;
            var clock = new ManualClock(End);
            ServiceProvider services = Services(new() { ["FeedHub:Storage:Provider"] = "Postgres", ["FeedHub:Storage:ConnectionString"] = connection }, clock);
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            Dictionary<int, long> ids = await UpsertSourcesAsync(services.GetRequiredService<ISourceStore>(), template.World);
            return new Store(services, ids, clock, buildSeconds, async () =>
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await using var admin = new Npgsql.NpgsqlConnection(server);
                await admin.OpenAsync();
                await Exec(admin, $"DROP DATABASE IF EXISTS {work} WITH (FORCE)");
            });
        }

        /// <summary>Sources through the store, then stories, items and tags by binary COPY with
        /// foreign-key triggers off (stories and items point at each other); the generated
        /// search_vector and the GIN index follow the rows. Then ANALYZE, as autovacuum would.</summary>
        private static async Task BuildPostgresAsync(string server, string name, int size, Template template)
        {
            string partial = name + "_partial";
            await using (var admin = new Npgsql.NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await Exec(admin, $"DROP DATABASE IF EXISTS {partial}");
                await Exec(admin, $"CREATE DATABASE {partial}");
            }

            string connectionString = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = partial }.ConnectionString;
            Dictionary<int, long> ids;
            await using (ServiceProvider services = Services(new() { ["FeedHub:Storage:Provider"] = "Postgres", ["FeedHub:Storage:ConnectionString"] = connectionString }, new ManualClock(End)))
            {
                await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                ids = await UpsertSourcesAsync(services.GetRequiredService<ISourceStore>(), template.World);
            }

            Npgsql.NpgsqlConnection.ClearAllPools();
            await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await Exec(connection, "SET session_replication_role = replica");
                await using (var stories = await connection.BeginBinaryImportAsync("COPY stories (id, origin_item_id, canonical_link, published_at, first_seen_at, updated_at, origin_rule, origin_reason) FROM STDIN (FORMAT BINARY)"))
                {
                    for (long n = 1; n <= size; n++)
                    {
                        SimItem sim = template.Items[(int)((n - 1) % template.Items.Count)];
                        DateTime at = PublishedAt(n, size).UtcDateTime;
                        await stories.StartRowAsync();
                        await stories.WriteAsync(n, NpgsqlTypes.NpgsqlDbType.Bigint);
                        await stories.WriteAsync(n, NpgsqlTypes.NpgsqlDbType.Bigint);
                        await stories.WriteAsync(FormattableString.Invariant($"{sim.Link}?n={n}"), NpgsqlTypes.NpgsqlDbType.Text);
                        await stories.WriteAsync(at, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                        await stories.WriteAsync(at, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                        await stories.WriteAsync(at, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                        await stories.WriteAsync("EarliestPublished", NpgsqlTypes.NpgsqlDbType.Text);
                        await stories.WriteAsync("benchmark", NpgsqlTypes.NpgsqlDbType.Text);
                    }

                    await stories.CompleteAsync();
                }

                await using (var items = await connection.BeginBinaryImportAsync("COPY items (id, source_id, item_key, guid, link, canonical_link, title, content, categories, published_at, first_seen_at, last_seen_at, content_hash, story_id, story_rule, search_text) FROM STDIN (FORMAT BINARY)"))
                {
                    for (long n = 1; n <= size; n++)
                    {
                        int t = (int)((n - 1) % template.Items.Count);
                        SimItem sim = template.Items[t];
                        string link = FormattableString.Invariant($"{sim.Link}?n={n}");
                        DateTime at = PublishedAt(n, size).UtcDateTime;
                        await items.StartRowAsync();
                        await items.WriteAsync(n, NpgsqlTypes.NpgsqlDbType.Bigint);
                        await items.WriteAsync(ids[sim.Source], NpgsqlTypes.NpgsqlDbType.Bigint);
                        await items.WriteAsync(FormattableString.Invariant($"s{n}"), NpgsqlTypes.NpgsqlDbType.Text);
                        await items.WriteAsync(link, NpgsqlTypes.NpgsqlDbType.Text);
                        await items.WriteAsync(link, NpgsqlTypes.NpgsqlDbType.Text);
                        await items.WriteAsync(link, NpgsqlTypes.NpgsqlDbType.Text);
                        await items.WriteAsync(sim.Title, NpgsqlTypes.NpgsqlDbType.Text);
                        await items.WriteAsync(sim.Html, NpgsqlTypes.NpgsqlDbType.Text);
                        await items.WriteAsync(System.Text.Json.JsonSerializer.Serialize(CategoriesOf(n)), NpgsqlTypes.NpgsqlDbType.Text);
                        await items.WriteAsync(at, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                        await items.WriteAsync(at, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                        await items.WriteAsync(at, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                        await items.WriteAsync(FormattableString.Invariant($"h{n}"), NpgsqlTypes.NpgsqlDbType.Text);
                        await items.WriteAsync(n, NpgsqlTypes.NpgsqlDbType.Bigint);
                        await items.WriteAsync("NewStory", NpgsqlTypes.NpgsqlDbType.Text);
                        await items.WriteAsync(template.Folded[t], NpgsqlTypes.NpgsqlDbType.Text);
                    }

                    await items.CompleteAsync();
                }

                await using (var tags = await connection.BeginBinaryImportAsync("COPY item_tags (tag, item_id) FROM STDIN (FORMAT BINARY)"))
                {
                    for (long n = 1; n <= size; n++)
                    {
                        foreach (string folded in CategoriesOf(n).Select(SearchFold.Tag).Distinct())
                        {
                            await tags.StartRowAsync();
                            await tags.WriteAsync(folded, NpgsqlTypes.NpgsqlDbType.Text);
                            await tags.WriteAsync(n, NpgsqlTypes.NpgsqlDbType.Bigint);
                        }
                    }

                    await tags.CompleteAsync();
                }

                await Exec(connection, "SET session_replication_role = origin");
                await Exec(connection, "SELECT setval(pg_get_serial_sequence('stories', 'id'), (SELECT max(id) FROM stories))");
                await Exec(connection, "SELECT setval(pg_get_serial_sequence('items', 'id'), (SELECT max(id) FROM items))");
                await Exec(connection, "VACUUM ANALYZE");
            }

            Npgsql.NpgsqlConnection.ClearAllPools();
            await using (var admin = new Npgsql.NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await Exec(admin, $"ALTER DATABASE {partial} RENAME TO {name}");
            }
        }

        private static async Task Exec(Npgsql.NpgsqlConnection connection, string sql)
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
        }

        private static async Task<long> Scalar(Npgsql.NpgsqlConnection connection, string sql)
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync();
            await _cleanup();
        }

        private static ServiceProvider Services(Dictionary<string, string?> settings, TimeProvider clock)
        {
            IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var services = new ServiceCollection();
            services.AddSingleton(configuration);
            services.AddSingleton(clock);
            services.AddFeedHubStorage();
            return services.BuildServiceProvider();
        }

        private static async Task<Dictionary<int, long>> UpsertSourcesAsync(ISourceStore sources, SyndicationWorld world)
        {
            var ids = new Dictionary<int, long>();
            foreach (SimSource source in world.Sources.Where(source => source.Polled))
            {
                FeedSource stored = await sources.UpsertAsync(
                    new SourceDefinition { Url = source.Url, Title = source.Title, IsOrigin = source.IsOrigin, Credits = source.Credits, Tags = [Regions[source.Index % Regions.Length]] },
                    CancellationToken.None);
                ids[source.Index] = stored.Id;
            }

            return ids;
        }

        /// <summary>Sources through the store, then stories, items and tags by SQL in one
        /// transaction; FTS5 is filled by the migration's triggers as the items go in.</summary>
        private static async Task BuildSqliteAsync(string file, int size, Template template)
        {
            string partial = file + ".partial";
            File.Delete(partial);
            Dictionary<int, long> ids;
            await using (ServiceProvider services = Services(new() { ["FeedHub:Storage:ConnectionString"] = $"Data Source={partial}" }, new ManualClock(End)))
            {
                await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                ids = await UpsertSourcesAsync(services.GetRequiredService<ISourceStore>(), template.World);
            }

            SqliteConnection.ClearAllPools();
            await using (var connection = new SqliteConnection($"Data Source={partial};Pooling=False"))
            {
                await connection.OpenAsync();
                Execute(connection, null, "PRAGMA synchronous = OFF; PRAGMA cache_size = -400000; PRAGMA foreign_keys = OFF;");
                await using SqliteTransaction transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                await using SqliteCommand story = Prepare(connection, transaction,
                    "INSERT INTO stories (id, origin_item_id, canonical_link, published_at, first_seen_at, updated_at, origin_rule, origin_reason) VALUES ($id, $id, $link, $at, $at, $at, 'EarliestPublished', 'benchmark')",
                    "$id", "$link", "$at");
                await using SqliteCommand item = Prepare(connection, transaction,
                    """
                    INSERT INTO items (id, source_id, item_key, guid, link, canonical_link, title, content, categories, published_at,
                                       first_seen_at, last_seen_at, content_hash, story_id, story_rule, search_text)
                    VALUES ($id, $source, $key, $link, $link, $link, $title, $content, $categories, $at, $at, $at, $hash, $id, 'NewStory', $search)
                    """,
                    "$id", "$source", "$key", "$link", "$title", "$content", "$categories", "$at", "$hash", "$search");
                await using SqliteCommand tag = Prepare(connection, transaction, "INSERT INTO item_tags (tag, item_id) VALUES ($tag, $id)", "$tag", "$id");
                for (long n = 1; n <= size; n++)
                {
                    int t = (int)((n - 1) % template.Items.Count);
                    SimItem sim = template.Items[t];
                    string link = FormattableString.Invariant($"{sim.Link}?n={n}");
                    string at = Text(PublishedAt(n, size));
                    string[] categories = CategoriesOf(n);
                    Run(story, n, link, at);
                    Run(item, n, ids[sim.Source], FormattableString.Invariant($"s{n}"), link, sim.Title, sim.Html,
                        System.Text.Json.JsonSerializer.Serialize(categories), at, FormattableString.Invariant($"h{n}"), template.Folded[t]);
                    foreach (string folded in categories.Select(SearchFold.Tag).Distinct())
                    {
                        Run(tag, folded, n);
                    }

                    if (n % 100_000 == 0)
                    {
                        Console.Error.WriteLine(FormattableString.Invariant($"  seeded {n} of {size}"));
                    }
                }

                // Story ids continue after the seeded ones (AUTOINCREMENT reads its sequence table).
                Execute(connection, transaction, FormattableString.Invariant($"INSERT INTO story_ids (id) VALUES ({size})"));
                // No ANALYZE: the worker never runs one, so the planner works from the same (no) statistics.
                await transaction.CommitAsync();
            }

            File.Move(partial, file, overwrite: true);
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
    }
}
