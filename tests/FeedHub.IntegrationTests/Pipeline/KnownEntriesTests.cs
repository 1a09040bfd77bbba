using FeedHub.Core.Items;
using FeedHub.Core.Retention;
using FeedHub.Core.Sources;
using FeedHub.Ingestion.Normalizing;
using FeedHub.Ingestion.Refreshing;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedHub.IntegrationTests.Pipeline;

/// <summary>An entry already stored unchanged (its raw hash is known) is only touched: the real
/// normalizer, wrapped to count what it is given, sees only the new and changed entries.</summary>
public sealed class KnownEntriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_feed_re_served_with_one_new_entry_among_twenty_normalizes_only_that_one_and_touches_the_others()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        string body = FeedXml.Rss("Portal", Enumerable.Range(1, 20).Select(n => FeedXml.Numbered(n)));
        server.Map("feed.xml", context => Serve(context, body));
        var normalizer = new CountingNormalizer();
        var clock = new FakeTimeProvider(Start);
        await using PipelineHarness harness = await StartAsync(normalizer, clock);
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));
        await harness.RefreshAsync(source.Id);
        string firstSeen = await TextAsync(harness, "SELECT max(last_seen_at) FROM items");
        clock.Advance(LastSeen.Precision);
        normalizer.Reset();

        body = FeedXml.Rss("Portal", Enumerable.Range(2, 20).Select(n => FeedXml.Numbered(n)));
        RefreshResult second = await harness.RefreshAsync(source.Id);

        Assert.Equal(RefreshStatus.Updated, second.Status);
        Assert.Equal(1, second.NewItems);
        Assert.Equal(0, second.UpdatedItems);
        Assert.Equal(1, normalizer.Entries);
        Assert.Equal(21, await harness.CountAsync("SELECT count(*) FROM items"));
        string touched = await TextAsync(harness, "SELECT last_seen_at FROM items WHERE title = 'Story 21'");
        Assert.True(string.CompareOrdinal(touched, firstSeen) > 0);
        // The nineteen still listed are touched with the commit's time; the one dropped is not.
        Assert.Equal(20, await harness.CountAsync("SELECT count(*) FROM items WHERE last_seen_at = @Touched", new { Touched = touched }));
        Assert.Equal(firstSeen, await TextAsync(harness, "SELECT last_seen_at FROM items WHERE title = 'Story 1'"));

        // Listed again within the precision of last-seen times: the known rows are not written.
        clock.Advance(TimeSpan.FromMinutes(10));
        body = FeedXml.Rss("Portal", Enumerable.Range(3, 20).Select(n => FeedXml.Numbered(n)));
        RefreshResult third = await harness.RefreshAsync(source.Id);
        Assert.Equal((RefreshStatus.Updated, 1, 0), (third.Status, third.NewItems, third.UpdatedItems));
        string added = await TextAsync(harness, "SELECT last_seen_at FROM items WHERE title = 'Story 22'");
        Assert.True(string.CompareOrdinal(added, touched) > 0);
        Assert.Equal(20, await harness.CountAsync("SELECT count(*) FROM items WHERE last_seen_at = @Touched", new { Touched = touched }));
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM items WHERE last_seen_at = @Added", new { Added = added }));
    }

    [Fact]
    public async Task A_changed_entry_among_known_ones_is_normalized_and_stored_as_a_revision()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        List<FeedXml.Item> entries = [.. Enumerable.Range(1, 20).Select(n => FeedXml.Numbered(n))];
        string body = FeedXml.Rss("Portal", entries);
        server.Map("feed.xml", context => Serve(context, body));
        var normalizer = new CountingNormalizer();
        await using PipelineHarness harness = await StartAsync(normalizer);
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));
        await harness.RefreshAsync(source.Id);
        normalizer.Reset();

        entries[4] = entries[4] with { Description = "<p>Body of story 5, corrected.</p>" };
        body = FeedXml.Rss("Portal", entries);
        RefreshResult second = await harness.RefreshAsync(source.Id);

        Assert.Equal(0, second.NewItems);
        Assert.Equal(1, second.UpdatedItems);
        Assert.Equal(1, normalizer.Entries);
        Assert.Equal(20, await harness.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(1, await harness.CountAsync("SELECT revision_count FROM items WHERE title = 'Story 5'"));
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM items WHERE content LIKE '%corrected%'"));

        // Served once more as it is now: the revision's raw hash is known too.
        normalizer.Reset();
        RefreshResult third = await harness.RefreshAsync(source.Id);
        Assert.Equal((0, 0), (third.NewItems, third.UpdatedItems));
        Assert.Equal(0, normalizer.Entries);
    }

    [Fact]
    public async Task Entries_without_a_guid_are_known_by_their_link()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        string body = WithoutGuids(FeedXml.Rss("Portal", Enumerable.Range(1, 20).Select(n => FeedXml.Numbered(n))));
        server.Map("feed.xml", context => Serve(context, body));
        var normalizer = new CountingNormalizer();
        await using PipelineHarness harness = await StartAsync(normalizer);
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));
        await harness.RefreshAsync(source.Id);
        normalizer.Reset();

        body = WithoutGuids(FeedXml.Rss("Portal", Enumerable.Range(2, 20).Select(n => FeedXml.Numbered(n))));
        RefreshResult second = await harness.RefreshAsync(source.Id);

        Assert.Equal((1, 0), (second.NewItems, second.UpdatedItems));
        Assert.Equal(1, normalizer.Entries);
        Assert.Equal(21, await harness.CountAsync("SELECT count(*) FROM items WHERE item_key LIKE 'l:%'"));
    }

    [Fact]
    public async Task A_new_entry_that_reuses_a_stored_entrys_guid_is_decided_on_the_whole_document_as_before()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        List<FeedXml.Item> entries = [.. Enumerable.Range(1, 3).Select(n => FeedXml.Numbered(n))];
        string body = FeedXml.Rss("Portal", entries);
        server.Map("feed.xml", context => Serve(context, body));
        await using PipelineHarness harness = await StartAsync(new CountingNormalizer());
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));
        await harness.RefreshAsync(source.Id);

        // A guid shown twice identifies nothing: both entries fall back to their links, so the
        // stored item is not revised with the newcomer's text (and neither is dropped).
        body = FeedXml.Rss("Portal", [FeedXml.Numbered(4) with { Guid = entries[0].Guid }, .. entries]);
        RefreshResult second = await harness.RefreshAsync(source.Id);

        Assert.Equal((2, 0), (second.NewItems, second.UpdatedItems));
        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM items WHERE revision_count > 0"));
        Assert.Equal(2, await harness.CountAsync("SELECT count(*) FROM items WHERE item_key LIKE 'l:%'"));
    }

    [Fact]
    public async Task A_commit_that_fails_loses_nothing_and_the_next_poll_stores_the_new_entry_once()
    {
        await using FixtureServer server = await FixtureServer.StartAsync();
        string body = FeedXml.Rss("Portal", Enumerable.Range(1, 20).Select(n => FeedXml.Numbered(n)));
        server.Map("feed.xml", context => Serve(context, body));
        var clock = new FakeTimeProvider(Start);
        await using PipelineHarness harness = await StartAsync(new CountingNormalizer(), clock);
        FeedSource source = await harness.AddSourceAsync(server.Url("feed.xml"));
        await harness.RefreshAsync(source.Id);
        string firstSeen = await TextAsync(harness, "SELECT max(last_seen_at) FROM items");
        body = FeedXml.Rss("Portal", Enumerable.Range(2, 20).Select(n => FeedXml.Numbered(n)));
        clock.Advance(LastSeen.Precision);

        // The disk fails in the middle of the commit, after the known entries were looked up.
        await ExecuteAsync(harness, "CREATE TRIGGER fail_insert BEFORE INSERT ON items BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
        // The poll ends failed with the database's error on its source, not as an exception nobody records.
        RefreshResult failed = await harness.RefreshAsync(source.Id);
        Assert.Equal(RefreshStatus.Failed, failed.Status);
        Assert.Contains("SqliteException", failed.Error, StringComparison.Ordinal);
        Assert.Contains("disk I/O error", failed.Error, StringComparison.Ordinal);
        Assert.Equal(1, await harness.CountAsync("SELECT consecutive_failures FROM sources WHERE last_error LIKE '%disk I/O error%'"));
        Assert.Equal(20, await harness.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(firstSeen, await TextAsync(harness, "SELECT max(last_seen_at) FROM items"));

        await ExecuteAsync(harness, "DROP TRIGGER fail_insert");
        RefreshResult retried = await harness.RefreshAsync(source.Id);
        RefreshResult again = await harness.RefreshAsync(source.Id);

        Assert.Equal((1, 0), (retried.NewItems, retried.UpdatedItems));
        Assert.Equal((0, 0), (again.NewItems, again.UpdatedItems));
        Assert.Equal(21, await harness.CountAsync("SELECT count(*) FROM items"));
        Assert.Equal(21, await harness.CountAsync("SELECT count(DISTINCT title) FROM items"));
        Assert.Equal(21, await harness.CountAsync("SELECT count(*) FROM stories"));
        Assert.Equal(20, await harness.CountAsync("SELECT count(*) FROM items WHERE last_seen_at > @FirstSeen", new { FirstSeen = firstSeen }));
    }

    // No validators: every poll is a full 200, as from a server that ignores conditional requests.
    private static Task Serve(HttpContext context, string body)
    {
        context.Response.ContentType = "application/rss+xml; charset=utf-8";
        return context.Response.WriteAsync(body);
    }

    private static string WithoutGuids(string rss) =>
        System.Text.RegularExpressions.Regex.Replace(rss, "<guid[^>]*>[^<]*</guid>", string.Empty);

    /// <param name="clock">The host's time, for tests that read last-seen times (real time otherwise).</param>
    private static Task<PipelineHarness> StartAsync(CountingNormalizer counting, FakeTimeProvider? clock = null) =>
        PipelineHarness.StartAsync(configure: builder =>
        {
            builder.Services.AddSingleton<IItemNormalizer>(sp =>
            {
                counting.Inner = new ItemNormalizer(sp.GetRequiredService<HtmlContentSanitizer>());
                return counting;
            });
            if (clock is not null)
            {
                builder.Services.AddSingleton<TimeProvider>(clock);
            }
        });

    private static async Task<string> TextAsync(PipelineHarness harness, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={harness.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static async Task ExecuteAsync(PipelineHarness harness, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={harness.DatabasePath}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The real normalizer, counting the entries it is asked to normalize.</summary>
    private sealed class CountingNormalizer : IItemNormalizer
    {
        private int _entries;

        public IItemNormalizer Inner { get; set; } = null!;

        public int Entries => Volatile.Read(ref _entries);

        public void Reset() => Interlocked.Exchange(ref _entries, 0);

        public NormalizationResult Normalize(ParsedFeed feed, Uri feedUrl, DateTimeOffset now)
        {
            Interlocked.Add(ref _entries, feed.Items.Count);
            return Inner.Normalize(feed, feedUrl, now);
        }
    }
}
