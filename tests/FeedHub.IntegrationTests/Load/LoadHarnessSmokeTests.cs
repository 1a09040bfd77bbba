using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using FeedHub.Core.Items;
using FeedHub.Core.Retention;
using FeedHub.Core.Sources;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.IntegrationTests.Storage;
using Microsoft.Data.Sqlite;

namespace FeedHub.IntegrationTests.Load;

/// <summary>The load harness (tests/FeedHub.LoadFarm, docs/load.md) end to end at tiny scale: the
/// farm in its own process on several loopback addresses, the real FeedHub.Worker importing it and
/// refreshing it. The counts it prints must add up; its timings are printed, never asserted.</summary>
public sealed partial class LoadHarnessSmokeTests
{
    [Fact]
    public async Task Refresh_bench_polls_every_feed_once_per_run_and_stores_every_entry()
    {
        (int exitCode, string output) = await RunHarnessAsync("refresh", "--feeds", "20", "--hosts", "4", "--entries", "5", "--runs", "1");

        Assert.True(exitCode == 0, output);
        Assert.Contains("import       20 added, 0 updated, 0 skipped, 0 invalid", output, StringComparison.Ordinal);
        Match first = Line("first").Match(output);
        Assert.True(first.Success, output);
        Assert.Equal(("20", "100", "0", "0"), (first.Groups["polled"].Value, first.Groups["new"].Value, first.Groups["notModified"].Value, first.Groups["failed"].Value));
        Assert.Equal(("20", "20", "0"), (first.Groups["requests"].Value, first.Groups["ok"].Value, first.Groups["answered304"].Value));

        Match unchanged = Line("unchanged #1").Match(output);
        Assert.True(unchanged.Success, output);
        Assert.Equal(("20", "0", "20", "0"), (unchanged.Groups["polled"].Value, unchanged.Groups["new"].Value, unchanged.Groups["notModified"].Value, unchanged.Groups["failed"].Value));
        Assert.Equal(("20", "0", "20"), (unchanged.Groups["requests"].Value, unchanged.Groups["ok"].Value, unchanged.Groups["answered304"].Value));

        // A third of 20 feeds changed, by one or two entries each: every new entry is stored.
        Match changed = ChangedLine().Match(output);
        Assert.True(changed.Success, output);
        int feeds = Number(changed, "feeds");
        int entries = Number(changed, "entries");
        Assert.Equal(7, feeds);
        Assert.InRange(entries, feeds, 2 * feeds);
        Assert.Equal(20, Number(changed, "polled"));
        Assert.Equal(entries, Number(changed, "new"));
        Assert.Equal(20 - feeds, Number(changed, "notModified"));
        Assert.Equal((20, feeds, 20 - feeds), (Number(changed, "requests"), Number(changed, "ok"), Number(changed, "answered304")));

        // FeedHub's own process was measured (its figures, not the farm's).
        foreach (Match line in new[] { first, unchanged, changed })
        {
            Assert.True(double.Parse(line.Groups["cpu"].Value, CultureInfo.InvariantCulture) > 0, line.Value);
            Assert.True(int.Parse(line.Groups["rss"].Value, CultureInfo.InvariantCulture) > 10, line.Value);
        }

        Assert.Contains("median unchanged: wall=", output, StringComparison.Ordinal);
        Assert.Contains("median changed:   wall=", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_farm_restarted_with_the_same_seed_serves_the_same_feeds()
    {
        // What --reuse relies on: a database primed by one farm process holds what the next serves.
        string[] first = await ServeOnceAsync("/feeds/0.xml", "/feeds/3.xml", "/feeds/4.atom");
        string[] second = await ServeOnceAsync("/feeds/0.xml", "/feeds/3.xml", "/feeds/4.atom");

        Assert.All(first, body => Assert.Contains("<item>", body.Replace("<entry>", "<item>", StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task The_farm_s_truth_names_every_entry_it_serves_the_same_in_every_process()
    {
        string[] first = await ServeOnceAsync("/_farm/truth", "/feeds/0.xml", "/feeds/1.xml");
        string[] second = await ServeOnceAsync("/_farm/truth");

        Dictionary<string, int?> truth = FeedHub.LoadFarm.Farm.FarmTruth.Parse(first[0]);
        Assert.Equal(first[0], second[0]);
        Assert.Equal(25, truth.Count);
        // Feed 0 is a media center: each of its entries is a release; every link a feed serves is in the truth.
        List<string> mediaCenter = [.. FeedLinks().Matches(first[1]).Select(m => FeedHub.LoadFarm.Farm.FarmTruth.Link(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)))];
        Assert.Equal(5, mediaCenter.Count);
        Assert.All(mediaCenter, link => Assert.NotNull(truth[link]));
        Assert.All(FeedLinks().Matches(first[2]), m => Assert.True(truth.ContainsKey(FeedHub.LoadFarm.Farm.FarmTruth.Link(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)))));
    }

    [Fact]
    public async Task Stories_mode_compares_FeedHub_s_stories_with_the_farm_s_truth()
    {
        string work = Path.Combine(Path.GetTempPath(), $"feedhub-farm-stories-{Guid.NewGuid():N}");
        try
        {
            (int refreshed, string refreshOutput) = await RunHarnessAsync("refresh", "--feeds", "48", "--hosts", "4", "--entries", "5", "--runs", "1", "--work", work);
            Assert.True(refreshed == 0, refreshOutput);
            Assert.True(File.Exists(Path.Combine(work, "farm-truth.tsv")), refreshOutput);

            (int exitCode, string output) = await RunHarnessAsync("stories", "--work", work);

            Assert.True(exitCode == 0, output);
            Match counts = StoriesCounts().Match(output);
            Match pairs = StoriesPairs().Match(output);
            Assert.True(counts.Success && pairs.Success, output);
            // Every stored item is found in the truth although FeedHub dropped the links' tracking parameters.
            Assert.Equal(Number(counts, "items"), Number(counts, "matched"));
            Assert.True(Number(counts, "items") >= 240, output);
            Assert.True(Number(counts, "releases") > 0 && Number(pairs, "truePairs") > 0, output);
            Assert.InRange(Number(pairs, "correct"), 1, Math.Min(Number(pairs, "predicted"), Number(pairs, "truePairs")));
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_baseline_build_runs_on_a_database_it_imported_and_refreshed_itself()
    {
        string work = Path.Combine(Path.GetTempPath(), $"feedhub-baseline-{Guid.NewGuid():N}");
        try
        {
            string baselineWorker = Path.Combine(AppContext.BaseDirectory, "FeedHub.Worker.dll");
            (int exitCode, string output) = await RunHarnessAsync(
                "refresh", "--feeds", "12", "--hosts", "2", "--entries", "5", "--runs", "1", "--work", work, "--baseline", baselineWorker);

            Assert.True(exitCode == 0, output);
            // Its own first refresh stores everything, so its unchanged run is all 304s on its own validators.
            Match first = Line("baseline first").Match(output);
            Assert.True(first.Success, output);
            Assert.Equal(("12", "60", "0"), (first.Groups["polled"].Value, first.Groups["new"].Value, first.Groups["failed"].Value));
            Match unchanged = Line("baseline unchanged #1").Match(output);
            Assert.True(unchanged.Success, output);
            Assert.Equal(("0", "12", "12"), (unchanged.Groups["new"].Value, unchanged.Groups["notModified"].Value, unchanged.Groups["answered304"].Value));
            Match baselineChanged = BaselineChangedLine().Match(output);
            Match changed = ChangedLine().Match(output);
            Assert.True(baselineChanged.Success && changed.Success, output);
            Assert.Equal(changed.Groups["new"].Value, baselineChanged.Groups["new"].Value);
            Assert.Contains("baseline median changed:", output, StringComparison.Ordinal);

            // Two databases, each with the farm's sources and every entry it was served.
            long Count(string folder, string sql)
            {
                using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "feedhub.db")};Pooling=False;Mode=ReadOnly");
                connection.Open();
                return connection.ExecuteScalar<long>(sql);
            }

            long items = 60 + Number(changed, "new");
            Assert.Equal((12L, items), (Count(work, "SELECT count(*) FROM sources"), Count(work, "SELECT count(*) FROM items")));
            Assert.Equal((12L, items), (Count(Path.Combine(work, "baseline"), "SELECT count(*) FROM sources"), Count(Path.Combine(work, "baseline"), "SELECT count(*) FROM items")));
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Floor_mode_replays_what_a_refresh_wrote_onto_a_copy_of_the_database_before_it()
    {
        string work = Path.Combine(Path.GetTempPath(), $"feedhub-floor-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
            CancellationToken ct = TestContext.Current.CancellationToken;
            FeedSource first = await db.AddSourceAsync("https://first.example/feed");
            FeedSource second = await db.AddSourceAsync("https://second.example/feed");
            FeedItem known = TestItems.Item("a1");
            await db.Items.CommitRefreshAsync(first.Id, [known], TestItems.Ok(db.Clock.GetUtcNow()), ct);
            string before = CopyOf(db, work, "before.db");

            // A later refresh: the known entry is touched (seen longer ago than last-seen times are
            // kept to), three are new, and the second source is polled.
            db.Clock.Advance(LastSeen.Precision + TimeSpan.FromHours(1));
            await db.Items.CommitRefreshAsync(first.Id, [known, TestItems.Item("a2"), TestItems.Item("a3")], TestItems.Ok(db.Clock.GetUtcNow()), ct);
            await db.Items.CommitRefreshAsync(second.Id, [TestItems.Item("b1")], TestItems.Ok(db.Clock.GetUtcNow()), ct);
            string after = CopyOf(db, work, "after.db");
            long keys = db.Scalar("SELECT count(*) FROM story_keys WHERE item_id > 1");
            long stories = db.Scalar("SELECT count(*) FROM stories WHERE id > 1");
            long tags = db.Scalar("SELECT count(*) FROM item_tags WHERE item_id > 1");

            // The copies carry WAL frames not yet in their main files: an attach that can write would
            // checkpoint those into them when it closes.
            Assert.True(new FileInfo(after + "-wal").Length > 0, "the copy after the refresh has a WAL with frames");
            Dictionary<string, string> inputs = Contents(before, after);

            (int exitCode, string output) = await RunHarnessAsync("floor", "--before", before, "--after", after, "--runs", "1", "--batch", "1", "--work", work);

            Assert.True(exitCode == 0, output);
            Assert.Equal(inputs, Contents(before, after));
            Assert.Contains($"delta: 3 items, {keys} story keys, {tags} tags, {stories} stories, 1 touched items, 2 sources; batches of 1 sources", output, StringComparison.Ordinal);
            foreach (string part in new[] { "as stored", "without story keys", "without the search index", "without source rows", "without touches" })
            {
                Assert.Contains($"run 1  {part}", output, StringComparison.Ordinal);
            }

            // The last replay (every part but the touches) left its copy: the refresh's rows are in it.
            using var replayed = new SqliteConnection($"Data Source={Path.Combine(work, "floor.db")};Pooling=False");
            replayed.Open();
            Assert.Equal(
                db.Query<string>("SELECT item_key || ' ' || story_id || ' ' || (SELECT count(*) FROM story_keys k WHERE k.item_id = items.id) FROM items ORDER BY id"),
                replayed.Query<string>("SELECT item_key || ' ' || story_id || ' ' || (SELECT count(*) FROM story_keys k WHERE k.item_id = items.id) FROM items ORDER BY id").ToList());
            Assert.Equal(4L, replayed.ExecuteScalar<long>("SELECT count(*) FROM items_search WHERE items_search MATCH 'title'"));

            // One transaction per new item, as a changed poll commits one new entry.
            (int perItemExit, string perItemOutput) = await RunHarnessAsync("floor", "--before", before, "--after", after, "--runs", "1", "--per-item", "1", "--work", work);
            Assert.True(perItemExit == 0, perItemOutput);
            Assert.Equal(inputs, Contents(before, after));
            Assert.Contains($"delta: 3 items, {keys} story keys, {tags} tags, {stories} stories, 1 touched items, 2 sources; one transaction per item, touching the 1 items its source stored before it", perItemOutput, StringComparison.Ordinal);
            Assert.Matches(@"as stored +[0-9.]+ s +1\.00x +[0-9.]+ ms an item", perItemOutput);
            using (var perItem = new SqliteConnection($"Data Source={Path.Combine(work, "floor.db")};Pooling=False"))
            {
                perItem.Open();
                Assert.Equal(
                    db.Query<string>("SELECT item_key || ' ' || story_id || ' ' || (SELECT count(*) FROM story_keys k WHERE k.item_id = items.id) FROM items ORDER BY id"),
                    perItem.Query<string>("SELECT item_key || ' ' || story_id || ' ' || (SELECT count(*) FROM story_keys k WHERE k.item_id = items.id) FROM items ORDER BY id").ToList());
            }

            (int negative, string negativeOutput) = await RunHarnessAsync("floor", "--before", before, "--after", after, "--per-item", "-1", "--work", work);
            Assert.Equal(2, negative);
            Assert.Contains("--per-item must be 0 or more, not -1", negativeOutput, StringComparison.Ordinal);

            (int missing, string missingOutput) = await RunHarnessAsync("floor", "--before", before);
            Assert.Equal(2, missing);
            Assert.Contains("floor needs --before DB and --after DB", missingOutput, StringComparison.Ordinal);
            (int reversed, string reversedOutput) = await RunHarnessAsync("floor", "--before", after, "--after", before, "--work", work);
            Assert.Equal(2, reversed);
            Assert.Contains("--after must be the same database after the refresh", reversedOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        // Every file of the two databases, by name, with a hash of its bytes.
        static Dictionary<string, string> Contents(params string[] databases) =>
            databases
                .SelectMany(database => new[] { database, database + "-wal" })
                .Where(File.Exists)
                .ToDictionary(path => Path.GetFileName(path), path => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))));

        static string CopyOf(StorageTestDatabase db, string work, string name)
        {
            // The pooled connections keep the WAL: the copy takes it along, as a copy of a live database must.
            string copy = Path.Combine(work, name);
            File.Copy(db.FilePath, copy);
            if (File.Exists(db.FilePath + "-wal"))
            {
                File.Copy(db.FilePath + "-wal", copy + "-wal");
            }

            return copy;
        }
    }

    [GeneratedRegex(@"items=(?<items>\d+) matched_to_truth=(?<matched>\d+) stories=\d+ \(of several items: \d+\) releases=(?<releases>\d+) copies=\d+")]
    private static partial Regex StoriesCounts();

    [GeneratedRegex(@"pairs: predicted=(?<predicted>\d+) true=(?<truePairs>\d+) correct=(?<correct>\d+) precision=[\d.]+ recall=[\d.]+")]
    private static partial Regex StoriesPairs();

    [GeneratedRegex(@"<link>([^<]+/berita/[^<]+)</link>")]
    private static partial Regex FeedLinks();

    private static async Task<string[]> ServeOnceAsync(params string[] paths)
    {
        int port = FreePorts.Loopback();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "FeedHub.LoadFarm.dll"), "serve", "--feeds", "5", "--hosts", "1", "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        try
        {
            using var ready = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            ready.CancelAfter(TimeSpan.FromMinutes(2));
            string? line;
            do
            {
                line = await process.StandardOutput.ReadLineAsync(ready.Token);
            }
            while (line is not null && !line.StartsWith("farm ready", StringComparison.Ordinal));

            Assert.NotNull(line);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.2:{port}") };
            return await Task.WhenAll(paths.Select(path => http.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken)));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }


    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private const string Figures = @"\s+polled=(?<polled>\d+) new=(?<new>\d+) updated=\d+ not_modified=(?<notModified>\d+) failed=(?<failed>\d+) requests=(?<requests>\d+) \(200=(?<ok>\d+) 304=(?<answered304>\d+)\) wall=[\d.]+s cpu=(?<cpu>[\d.]+)s peak_rss=(?<rss>\d+)MB polls/s=\d+";

    private static Regex Line(string label) => new("refresh " + Regex.Escape(label) + Figures);

    [GeneratedRegex(@"refresh changed #1 \((?<feeds>\d+) feeds, (?<entries>\d+) entries\)" + Figures)]
    private static partial Regex ChangedLine();

    [GeneratedRegex(@"refresh baseline changed #1" + Figures)]
    private static partial Regex BaselineChangedLine();

    private static async Task<(int ExitCode, string Output)> RunHarnessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FeedHub.LoadFarm.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await error);
    }
}
