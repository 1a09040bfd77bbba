using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Dapper;
using FeedHub.Core.Items;
using FeedHub.Core.Retention;
using FeedHub.Core.Rules;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Parsing;
using FeedHub.Ingestion.Refreshing;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace FeedHub.IntegrationTests.Pipeline;

/// <summary>A 200 whose body is byte for byte the document last parsed (every entry of which was
/// stored as it is) is recorded without a parse: the stored state after any sequence of polls is
/// exactly the one a parse of every document leaves (compared row by row, every table, on a real
/// SQLite file and on PostgreSQL), the parser is not called for such a document, and everything
/// that would make a parse store something else makes the next one parse.</summary>
public sealed class UnchangedDocumentTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Every_table_after_a_sequence_of_polls_is_what_parsing_every_document_leaves(string provider)
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        var feed = new ServedFeed();
        server.Map("feed.xml", feed.ServeAsync);
        await using Run skipping = await Run.StartAsync(provider, skip: true);
        await using Run parsing = await Run.StartAsync(provider, skip: false);
        long skippingId = (await skipping.Harness.AddSourceAsync(server.Url("feed.xml"))).Id;
        long parsingId = (await parsing.Harness.AddSourceAsync(server.Url("feed.xml"))).Id;
        Assert.Equal(skippingId, parsingId);

        // Each step: what the server sends, then both sources polled at the same (fake) time.
        List<Action> steps =
        [
            () => feed.Set(Document(Range(1, 20))),
            () => { },                                                   // every entry known: the hash is kept
            () => feed.CacheControl = "max-age=900",                     // same bytes, new cache headers
            () => feed.ETag = "\"v1\"",                                  // same bytes, a validator now (ignored by the server)
            () => { },
            () => feed.Set(Document(Range(2, 21))),                      // one new entry on top
            () => { },
            () => { },
            () => feed.Set(Document(Range(2, 21), story5: "Story 5, corrected")), // one byte more in one entry: a revision
            () => { },
            () => { },
            () => feed.Fail = true,                                      // a failure between two equal documents
            () => feed.Fail = false,
            () => { },
            () => feed.Set(Document(Range(2, 21), updated: Start.AddHours(10))), // the feed's update time still ahead
            () => { },                                                   // still ahead: not kept
            () => { },                                                   // passed: kept
            () => { },
            () => feed.Set(Document(Range(3, 22), ttl: 45, skipHours: [3, 4], period: "daily")),
            () => { },
            () => { },
            () => feed.CacheControl = null,
            () => { },
        ];

        var results = new List<(RefreshResult Skipping, RefreshResult Parsing)>();
        foreach (Action step in steps)
        {
            step();
            skipping.Clock.Advance(TimeSpan.FromMinutes(37));
            parsing.Clock.Advance(TimeSpan.FromMinutes(37));
            feed.Requests = 0;
            RefreshResult a = await skipping.Harness.RefreshAsync(skippingId);
            RefreshResult b = await parsing.Harness.RefreshAsync(parsingId);
            Assert.Equal(2, feed.Requests);
            results.Add((a, b));
            Assert.Equal(b, a);
            Assert.Equal(await parsing.DumpAsync(), await skipping.DumpAsync());
        }

        // The dumps hold something: the items, their touches, the kept hash at some point.
        Assert.Contains(results, r => r.Parsing.NewItems == 1);
        Assert.Contains(results, r => r.Parsing.UpdatedItems == 1);
        Assert.Contains(results, r => r.Parsing.Status == RefreshStatus.Failed);
        Assert.Equal(steps.Count - 1, parsing.Parser.Documents); // every poll parsed but the failure
        // Parsed: the first poll of each document, the one that kept its hash, the one after the
        // failure and the two while the feed's update time was ahead; the 10 others were not.
        Assert.Equal(12, skipping.Parser.Documents);
        Assert.Equal(10, skipping.UnchangedDocuments());
        Assert.Equal(0, parsing.UnchangedDocuments());
    }

    [Fact]
    public async Task A_byte_identical_document_is_not_parsed_and_its_items_are_touched()
    {
        await using OneSource source = await OneSource.StartAsync(Document(Range(1, 20)));
        (ServedFeed feed, Run run, long id) = (source.Feed, source.Run, source.Id);

        await run.PollAsync(id);
        await run.PollAsync(id);
        Assert.Equal(2, run.Parser.Documents);
        Assert.NotNull(await run.DocumentHashAsync(id));

        RefreshResult third = await run.PollAsync(id);

        Assert.Equal(new RefreshResult(id, RefreshStatus.Updated, 0, 0, NextDueAt: third.NextDueAt), third);
        Assert.Equal(2, run.Parser.Documents);
        Assert.Equal(1, run.UnchangedDocuments());
        Assert.Equal(3, await run.Harness.CountAsync("SELECT poll_count FROM sources"));
        Assert.Equal(200, await run.Harness.CountAsync("SELECT last_http_status FROM sources"));

        // Within the precision of last-seen times the rows are not written; past it all 20 are touched.
        Assert.Equal(0, await run.Harness.CountAsync("SELECT count(*) FROM items WHERE last_seen_at = @Now", new { Now = Text(run.Clock.GetUtcNow()) }));
        run.Clock.Advance(LastSeen.Precision);
        RefreshResult fourth = await run.PollAsync(id);
        Assert.Equal((RefreshStatus.Updated, 0, 0), (fourth.Status, fourth.NewItems, fourth.UpdatedItems));
        Assert.Equal((2, 2), (run.Parser.Documents, run.UnchangedDocuments()));
        Assert.Equal(20, await run.Harness.CountAsync("SELECT count(*) FROM items WHERE last_seen_at = @Now", new { Now = Text(run.Clock.GetUtcNow()) }));
    }

    [Fact]
    public async Task A_document_one_byte_apart_is_parsed()
    {
        string body = Document(Range(1, 20));
        await using OneSource source = await OneSource.StartAsync(body);
        (ServedFeed feed, Run run, long id) = (source.Feed, source.Run, source.Id);
        await run.PollAsync(id);
        await run.PollAsync(id);
        await run.PollAsync(id);
        Assert.Equal(2, run.Parser.Documents);

        // A space more between two elements: the same entries, other bytes.
        feed.Set(body.Replace("</channel>", " </channel>", StringComparison.Ordinal));
        RefreshResult changed = await run.PollAsync(id);

        Assert.Equal((RefreshStatus.Updated, 0, 0), (changed.Status, changed.NewItems, changed.UpdatedItems));
        Assert.Equal(3, run.Parser.Documents);
    }

    [Fact]
    public async Task A_settings_change_a_rules_change_a_failure_and_a_retention_delete_each_make_the_next_document_parsed()
    {
        await using OneSource source = await OneSource.StartAsync(Document(Range(1, 20)));
        (ServedFeed feed, Run run, long id) = (source.Feed, source.Run, source.Id);
        ISourceAdminStore admin = run.Harness.Services.GetRequiredService<ISourceAdminStore>();
        IRetentionStore retention = run.Harness.Services.GetRequiredService<IRetentionStore>();
        await run.PollAsync(id);

        // Each change between polls of the same bytes that were not parsed: the first poll after it
        // parses (and, every entry known again, keeps the new hash), the next ones do not; after
        // the retention delete the first stores the deleted entry again, so the second parses too.
        List<(string What, Func<Task> Change)> changes =
        [
            ("request settings", () => admin.SetFetchSettingsAsync(id, SourceFetchSettings.Default with { UserAgent = "FeedHub-test" }, Ct)),
            ("rules", async () => await admin.SetItemRulesAsync(id, new ItemRules { Block = [new ItemRule(RuleMatch.Phrase, "Story 7", RuleFields.Title)] }, Ct)),
            ("a failure", async () =>
            {
                feed.Fail = true;
                Assert.Equal(RefreshStatus.Failed, (await run.PollAsync(id)).Status);
                feed.Fail = false;
            }),
            ("a retention delete", async () =>
            {
                // Story 20 is the oldest; with its last-seen time back-dated it is retention's to delete.
                await run.ExecuteAsync("UPDATE items SET last_seen_at = '2020-01-01T00:00:00.0000000Z' WHERE title = 'Story 20'");
                PurgeBatch purged = await retention.PurgeItemsAsync(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), 100, Ct);
                Assert.Equal(1, purged.Items);
            }),
            ("a configuration update", () => run.Harness.Sources.UpsertAsync(new SourceDefinition { Url = source.Url.AbsoluteUri, Title = "Renamed" }, Ct)),
        ];

        foreach ((string what, Func<Task> change) in changes)
        {
            await run.PollAsync(id);
            int before = run.Parser.Documents;
            await run.PollAsync(id);
            Assert.True(before == run.Parser.Documents, $"before {what}: the document was parsed");
            Assert.NotNull(await run.DocumentHashAsync(id));

            await change();
            Assert.True(await run.DocumentHashAsync(id) is null, $"{what} leaves the hash");
            RefreshResult first = await run.PollAsync(id);
            Assert.True(before + 1 == run.Parser.Documents, $"after {what}: the next document was not parsed");
            await run.PollAsync(id);
            await run.PollAsync(id);

            int expected = what == "a retention delete" ? 2 : 1;
            Assert.True(before + expected == run.Parser.Documents, $"after {what}: {run.Parser.Documents - before} parses, expected {expected}");
            if (what == "a retention delete")
            {
                // The parse stores the deleted entry again, as it always did.
                Assert.Equal(1, first.NewItems);
            }
        }

        Assert.Equal(20, await run.Harness.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(1, await run.Harness.CountAsync("SELECT count(*) FROM items WHERE blocked_by IS NOT NULL"));
    }

    [Fact]
    public async Task A_listed_item_deleted_behind_the_stores_back_makes_the_document_parsed_and_stored_again()
    {
        await using OneSource source = await OneSource.StartAsync(Document(Range(1, 20)));
        (ServedFeed feed, Run run, long id) = (source.Feed, source.Run, source.Id);
        await run.PollAsync(id);
        await run.PollAsync(id);

        // Not through retention (which clears the hash): the commit finds one listed item missing.
        await run.ExecuteAsync(
            """
            UPDATE stories SET origin_item_id = NULL WHERE origin_item_id = (SELECT id FROM items WHERE title = 'Story 9');
            DELETE FROM story_keys WHERE item_id = (SELECT id FROM items WHERE title = 'Story 9');
            DELETE FROM items WHERE title = 'Story 9';
            """);
        run.Clock.Advance(LastSeen.Precision);
        RefreshResult next = await run.PollAsync(id);

        Assert.Equal(1, next.NewItems);
        Assert.Equal(3, run.Parser.Documents);
        Assert.Equal(0, run.UnchangedDocuments());
        Assert.Equal(20, await run.Harness.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(20, await run.Harness.CountAsync("SELECT count(*) FROM items WHERE last_seen_at = @Now", new { Now = Text(run.Clock.GetUtcNow()) }));
    }

    [Fact]
    public async Task Another_normalizer_build_parses_the_document_a_database_kept_the_hash_of()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        var feed = new ServedFeed();
        feed.Set(Document(Range(1, 20)));
        server.Map("feed.xml", feed.ServeAsync);
        using var directory = new TempDirectory();
        long id;
        string? kept;
        await using (Run first = await Run.StartAsync("Sqlite", skip: true, directory: directory))
        {
            id = (await first.Harness.AddSourceAsync(server.Url("feed.xml"))).Id;
            await first.PollAsync(id);
            await first.PollAsync(id);
            kept = await first.DocumentHashAsync(id);
        }

        // The same database and bytes under a normalizer of another build (here: another assembly).
        await using Run upgraded = await Run.StartAsync("Sqlite", skip: true, directory: directory, otherNormalizerBuild: true);
        RefreshResult polled = await upgraded.PollAsync(id);

        Assert.NotNull(kept);
        Assert.Equal((0, 0), (polled.NewItems, polled.UpdatedItems));
        Assert.Equal(1, upgraded.Parser.Documents);
        Assert.NotEqual(kept, await upgraded.DocumentHashAsync(id));
    }

    private static IEnumerable<int> Range(int first, int last) => Enumerable.Range(first, last - first + 1);

    private static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An RSS document with the channel's own hints and metadata around numbered entries.</summary>
    private static string Document(IEnumerable<int> numbers, string? story5 = null, DateTimeOffset? updated = null, int? ttl = null, int[]? skipHours = null, string? period = null)
    {
        IEnumerable<FeedXml.Item> items = numbers.Reverse().Select(n =>
        {
            FeedXml.Item item = FeedXml.Numbered(n, published: Start.AddHours(-n));
            return n == 5 && story5 is not null ? item with { Title = story5 } : item;
        });
        string rss = FeedXml.Rss("Portal", items);
        var channel = new StringBuilder("<language>id</language><image><url>/logo.png</url><title>Portal</title><link>https://news.example/</link></image>");
        channel.Append(CultureInfo.InvariantCulture, $"<lastBuildDate>{(updated ?? Start.AddDays(-1)).ToString("r", CultureInfo.InvariantCulture)}</lastBuildDate>");
        if (ttl is int minutes)
        {
            channel.Append(CultureInfo.InvariantCulture, $"<ttl>{minutes}</ttl>");
        }

        if (skipHours is not null)
        {
            channel.Append("<skipHours>").Append(string.Concat(skipHours.Select(h => $"<hour>{h}</hour>"))).Append("</skipHours>");
        }

        if (period is not null)
        {
            channel.Append(CultureInfo.InvariantCulture, $"<sy:updatePeriod>{period}</sy:updatePeriod><sy:updateFrequency>3</sy:updateFrequency>");
        }

        return rss
            .Replace("<rss version=\"2.0\"", "<rss version=\"2.0\" xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"", StringComparison.Ordinal)
            .Replace("<description>fixture</description>", "<description>fixture</description>" + channel, StringComparison.Ordinal);
    }

    /// <summary>One source on the shortcut's side, its feed served over loopback.</summary>
    private sealed class OneSource : IAsyncDisposable
    {
        private readonly FixtureServer _server;

        private OneSource(FixtureServer server, ServedFeed feed, Run run, long id)
        {
            _server = server;
            Feed = feed;
            Run = run;
            Id = id;
        }

        public ServedFeed Feed { get; }

        public Run Run { get; }

        public long Id { get; }

        public Uri Url => _server.Url("feed.xml");

        public static async Task<OneSource> StartAsync(string body)
        {
            FixtureServer server = await FixtureServer.StartAsync();
            try
            {
                var feed = new ServedFeed();
                feed.Set(body);
                server.Map("feed.xml", feed.ServeAsync);
                Run run = await Run.StartAsync("Sqlite", skip: true);
                long id = (await run.Harness.AddSourceAsync(server.Url("feed.xml"))).Id;
                return new OneSource(server, feed, run, id);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Run.DisposeAsync();
            await _server.DisposeAsync();
        }
    }

    /// <summary>The document the server sends now, with or without cache headers and validators
    /// (which it never honours: every request gets a 200), or a 500.</summary>
    private sealed class ServedFeed
    {
        private volatile string _body = "";
        private int _requests;

        public string? CacheControl { get; set; }

        public string? ETag { get; set; }

        public bool Fail { get; set; }

        public int Requests
        {
            get => Volatile.Read(ref _requests);
            set => Volatile.Write(ref _requests, value);
        }

        public void Set(string body) => _body = body;

        public Task ServeAsync(HttpContext context)
        {
            Interlocked.Increment(ref _requests);
            if (Fail)
            {
                context.Response.StatusCode = 500;
                return Task.CompletedTask;
            }

            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            if (CacheControl is not null)
            {
                context.Response.Headers.CacheControl = CacheControl;
            }

            if (ETag is not null)
            {
                context.Response.Headers.ETag = ETag;
            }

            return context.Response.WriteAsync(_body);
        }
    }

    /// <summary>The real parser, counting the documents it is given.</summary>
    private sealed class CountingParser(IFeedParser inner) : IFeedParser
    {
        private int _documents;

        public int Documents => Volatile.Read(ref _documents);

        public ParsedFeed Parse(FeedDocument document)
        {
            Interlocked.Increment(ref _documents);
            return inner.Parse(document);
        }
    }

    /// <summary>The real normalizer under another type of another assembly: another build stamp.</summary>
    private sealed class OtherBuildNormalizer(FeedHub.Ingestion.Normalizing.IItemNormalizer inner) : FeedHub.Ingestion.Normalizing.IItemNormalizer
    {
        public FeedHub.Ingestion.Normalizing.NormalizationResult Normalize(ParsedFeed feed, Uri feedUrl, DateTimeOffset now) => inner.Normalize(feed, feedUrl, now);
    }

    /// <summary>feedhub.documents.unchanged of one host's meters (tests beside it have meters of their own name).</summary>
    private sealed class UnchangedCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public UnchangedCounter(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RefreshMetrics.MeterName && instrument.Meter.Scope == factory && instrument.Name == "feedhub.documents.unchanged")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>One harness (SQLite file or PostgreSQL database) on a fake clock, with the parser counted.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly string? _postgres;
        private readonly UnchangedCounter _unchanged;

        private Run(PipelineHarness harness, FakeTimeProvider clock, CountingParser parser, string? postgres, UnchangedCounter unchanged)
        {
            Harness = harness;
            Clock = clock;
            Parser = parser;
            _postgres = postgres;
            _unchanged = unchanged;
        }

        public PipelineHarness Harness { get; }

        public FakeTimeProvider Clock { get; }

        public CountingParser Parser { get; }

        public static async Task<Run> StartAsync(string provider, bool skip, TempDirectory? directory = null, bool otherNormalizerBuild = false)
        {
            string? postgres = provider == "Postgres" ? await TestPostgres.CreateDatabaseAsync() : null;
            var clock = new FakeTimeProvider(Start);
            var parser = new CountingParser(new FeedParser());
            var settings = new Dictionary<string, string?>
            {
                ["FeedHub:Fetch:SkipUnchangedDocuments"] = skip ? "true" : "false",
                // Two runs compared row by row: the same next poll times, not each its own random stretch.
                ["FeedHub:Scheduling:Jitter"] = "0",
            };
            if (postgres is not null)
            {
                settings["FeedHub:Storage:Provider"] = "Postgres";
                settings["FeedHub:Storage:ConnectionString"] = postgres;
            }

            PipelineHarness harness = await PipelineHarness.StartAsync(settings, directory, builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(clock);
                builder.Services.AddSingleton<IFeedParser>(parser);
                if (otherNormalizerBuild)
                {
                    builder.Services.AddSingleton<FeedHub.Ingestion.Normalizing.IItemNormalizer>(sp => new OtherBuildNormalizer(
                        new FeedHub.Ingestion.Normalizing.ItemNormalizer(sp.GetRequiredService<FeedHub.Ingestion.Normalizing.HtmlContentSanitizer>())));
                }
            });
            return new Run(harness, clock, parser, postgres, new UnchangedCounter(harness.Services.GetRequiredService<IMeterFactory>()));
        }

        public Task<RefreshResult> PollAsync(long id)
        {
            Clock.Advance(TimeSpan.FromMinutes(11));
            return Harness.RefreshAsync(id);
        }

        public long UnchangedDocuments() => _unchanged.Total;

        public async Task<string?> DocumentHashAsync(long id)
        {
            await using DbConnection connection = Open();
            return await connection.ExecuteScalarAsync<string?>("SELECT document_hash FROM sources WHERE id = @Id", new { Id = id });
        }

        public async Task ExecuteAsync(string sql)
        {
            await using DbConnection connection = Open();
            await connection.ExecuteAsync(sql);
        }

        // Set by the database's own clock (a trigger, a migration), not the poll's: the two runs differ there by construction.
        private static readonly HashSet<string> WallClock = ["feed_version.changed_at", "schema_migrations.applied_at"];

        /// <summary>Every row of every table FeedHub writes (SQLite's text index's own pages aside:
        /// their layout is the engine's), as text, in key order.</summary>
        public async Task<string> DumpAsync()
        {
            await using DbConnection connection = Open();
            IEnumerable<string> tables = _postgres is null
                ? await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'items_search%' ORDER BY name")
                : await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
            var dump = new StringBuilder();
            foreach (string table in tables)
            {
                dump.Append("== ").Append(table).Append('\n');
                foreach (string line in (await connection.QueryAsync($"SELECT * FROM {table}")).Cast<IDictionary<string, object?>>()
                    .Select(row => Line(row.Where(column => !WallClock.Contains($"{table}.{column.Key}")))).Order(StringComparer.Ordinal))
                {
                    dump.Append(line).Append('\n');
                }
            }

            return dump.ToString();
        }

        private static string Line(IEnumerable<KeyValuePair<string, object?>> row) =>
            string.Join(" | ", row.Select(column => $"{column.Key}={column.Value switch
            {
                null => "NULL",
                DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
                DateTimeOffset instant => instant.ToString("O", CultureInfo.InvariantCulture),
                byte[] bytes => Convert.ToHexString(bytes),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                object value => value.ToString(),
            }}"));

        private DbConnection Open() => _postgres is null
            ? new SqliteConnection($"Data Source={Harness.DatabasePath}")
            : new NpgsqlConnection(_postgres);

        public async ValueTask DisposeAsync()
        {
            _unchanged.Dispose();
            await Harness.DisposeAsync();
            if (_postgres is not null)
            {
                await TestPostgres.DropDatabaseAsync(_postgres);
            }
        }
    }
}
