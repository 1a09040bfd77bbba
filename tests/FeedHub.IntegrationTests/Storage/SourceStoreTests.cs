using FeedHub.Core.Links;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;
using FeedHub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

public abstract class SourceStoreTests(StorageProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upsert_treats_scheme_host_case_default_port_and_fragment_variants_as_one_source()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);

        FeedSource first = await db.Sources.UpsertAsync(
            new SourceDefinition { Url = "https://MediaCenter.KalselProv.go.id:443/feed#top", Tags = ["kalsel"] }, Ct);
        FeedSource second = await db.Sources.UpsertAsync(
            new SourceDefinition { Url = "HTTPS://mediacenter.kalselprov.go.id/feed", Title = "MC Kalsel", Interval = TimeSpan.FromMinutes(30), IsOrigin = true, Credits = ["MC Kalsel"] }, Ct);
        FeedSource otherPath = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://mediacenter.kalselprov.go.id/Feed" }, Ct);

        Assert.Equal(first.Id, second.Id);
        Assert.NotEqual(first.Id, otherPath.Id);
        Assert.Equal(2, (await db.Sources.ListAsync(Ct)).Count);
        FeedSource stored = (await db.Sources.GetAsync(first.Id, Ct))!;
        Assert.Equal("https://MediaCenter.KalselProv.go.id:443/feed#top", stored.Url);
        Assert.Equal("MC Kalsel", stored.Title);
        Assert.Empty(stored.Tags);
        Assert.Equal(TimeSpan.FromMinutes(30), stored.Interval);
        Assert.True(stored.IsOrigin);
        Assert.Equal(["MC Kalsel"], stored.Credits);
        Assert.True(stored.Enabled);
        Assert.Equal(StorageTestDatabase.Start, stored.CreatedAt);
    }

    [Fact]
    public async Task The_schedules_read_lists_the_enabled_sources_with_what_the_whole_list_says_of_them()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource plain = await db.AddSourceAsync("https://mc.example.go.id/feed");
        FeedSource timed = await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://portal.example.com/rss", Interval = TimeSpan.FromMinutes(20) }, Ct);
        FeedSource paused = await db.AddSourceAsync("https://paused.example.com/rss");
        FeedSource removed = await db.AddSourceAsync("https://removed.example.com/rss");
        await db.Sources.SetEnabledAsync(paused.Id, enabled: false, Ct);
        await db.Sources.DeleteAsync(removed.Id, purgeItems: false, Ct);
        await db.Sources.RecordPollAsync(timed.Id, new PollOutcome { CheckedAt = db.Clock.GetUtcNow(), HttpStatus = 304, NextDueAt = db.Clock.GetUtcNow().AddMinutes(20) }, Ct);

        IReadOnlyList<ScheduledSource> scheduled = await db.Sources.ListScheduledAsync(Ct);

        ScheduledSource[] expected = [.. (await db.Sources.ListAsync(Ct)).Where(s => s.Enabled).Select(s => new ScheduledSource(s.Id, s.Url, s.Interval, s.NextDueAt))];
        Assert.Equal(expected, scheduled);
        Assert.Equal([plain.Id, timed.Id], scheduled.Select(s => s.Id));
        Assert.Equal(TimeSpan.FromMinutes(20), scheduled[1].Interval);
        Assert.NotNull(scheduled[1].NextDueAt);
        Assert.Null(scheduled[0].Interval);
    }

    [Fact]
    public async Task The_stamp_moves_with_every_definition_change_and_not_with_poll_records()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        var stamps = new List<SourceTableStamp> { await db.Sources.GetStampAsync(Ct) };
        Assert.Equal(new SourceTableStamp(0, 0, null), stamps[0]);

        async Task<SourceTableStamp> AfterAsync(Func<Task> change)
        {
            db.Clock.Advance(TimeSpan.FromSeconds(1));
            await change();
            return await db.Sources.GetStampAsync(Ct);
        }

        FeedSource source = await db.AddSourceAsync("https://mc.example.go.id/feed");
        stamps.Add(await db.Sources.GetStampAsync(Ct));
        stamps.Add(await AfterAsync(() => db.AddSourceAsync("https://portal.example.com/rss")));
        stamps.Add(await AfterAsync(() => db.Sources.UpsertAsync(new SourceDefinition { Url = "https://mc.example.go.id/feed", Interval = TimeSpan.FromMinutes(10) }, Ct)));
        stamps.Add(await AfterAsync(() => db.Sources.SetEnabledAsync(source.Id, enabled: false, Ct)));
        stamps.Add(await AfterAsync(() => db.Sources.SetEnabledAsync(source.Id, enabled: true, Ct)));
        stamps.Add(await AfterAsync(() => db.Sources.DeleteAsync(source.Id, purgeItems: false, Ct)));
        stamps.Add(await AfterAsync(() => db.AddSourceAsync("https://mc.example.go.id/feed")));
        stamps.Add(await AfterAsync(() => db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = db.Clock.GetUtcNow(), HttpStatus = 410, Error = "gone", PauseSource = true }, Ct)));
        stamps.Add(await AfterAsync(() => db.Items.CommitRefreshAsync(source.Id, [TestItems.Item("a")], TestItems.Ok(db.Clock.GetUtcNow()) with { NewUrl = "https://mc.example.go.id/feed/" }, Ct)));
        stamps.Add(await AfterAsync(() => db.Sources.DeleteAsync(source.Id, purgeItems: true, Ct)));
        Assert.Equal(stamps.Count, stamps.Distinct().Count());

        // Polls recorded, items stored: what the schedule follows is unchanged.
        FeedSource other = (await db.Sources.ListAsync(Ct)).Single();
        SourceTableStamp before = await db.Sources.GetStampAsync(Ct);
        db.Clock.Advance(TimeSpan.FromMinutes(5));
        await db.Sources.RecordPollAsync(other.Id, new PollOutcome { CheckedAt = db.Clock.GetUtcNow(), HttpStatus = 304 }, Ct);
        await db.Sources.RecordPollAsync(other.Id, new PollOutcome { CheckedAt = db.Clock.GetUtcNow(), HttpStatus = 500, Error = "HTTP 500" }, Ct);
        await db.Items.CommitRefreshAsync(other.Id, [TestItems.Item("b")], TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        Assert.Equal(before, await db.Sources.GetStampAsync(Ct));
    }

    [Fact]
    public async Task Concurrent_upserts_of_one_new_url_from_several_processes_make_one_source()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        ISourceStore[] processes = [.. Enumerable.Range(0, 8).Select(_ => db.Connect().GetRequiredService<ISourceStore>())];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<FeedSource>[] upserts = [.. processes.Select((store, i) => Task.Run(async () =>
        {
            await start.Task;
            return await store.UpsertAsync(new SourceDefinition { Url = i % 2 == 0 ? "https://mc.example.go.id/feed" : "HTTPS://MC.example.go.id:443/feed" }, Ct);
        }, Ct))];
        start.SetResult();
        FeedSource[] sources = await Task.WhenAll(upserts);

        Assert.Single(sources.Select(source => source.Id).Distinct());
        Assert.Equal(1, db.Scalar("SELECT count(*) FROM sources"));
    }

    [Fact]
    public async Task Upsert_rejects_urls_that_are_not_absolute_http_and_intervals_under_a_second()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);

        await Assert.ThrowsAsync<ArgumentException>(() => db.Sources.UpsertAsync(new SourceDefinition { Url = "ftp://example.org/feed" }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => db.Sources.UpsertAsync(new SourceDefinition { Url = "/feed" }, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.Sources.UpsertAsync(new SourceDefinition { Url = "https://example.org/feed", Interval = TimeSpan.Zero }, Ct));
        Assert.Empty(await db.Sources.ListAsync(Ct));
    }

    [Fact]
    public async Task Upsert_changes_definition_fields_only_and_keeps_poll_state_and_learnt_title()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://diskominfo.example.go.id/rss");
        await db.Items.CommitRefreshAsync(source.Id, [TestItems.Item("a")], TestItems.Ok(db.Clock.GetUtcNow()) with { FeedTitle = "Diskominfo" }, Ct);
        await db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = db.Clock.GetUtcNow(), HttpStatus = 500, Error = "HTTP 500" }, Ct);

        await db.Sources.UpsertAsync(new SourceDefinition { Url = "https://diskominfo.example.go.id/rss", Tags = ["kominfo"] }, Ct);

        FeedSource stored = (await db.Sources.GetAsync(source.Id, Ct))!;
        Assert.Equal("Diskominfo", stored.Title);
        Assert.Equal(["kominfo"], stored.Tags);
        Assert.Equal("\"v1\"", stored.ETag);
        Assert.Equal(1, stored.ConsecutiveFailures);
        Assert.Equal("HTTP 500", stored.LastError);
    }

    [Fact]
    public async Task Failures_count_up_and_a_304_resets_them_without_touching_validators()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://example.go.id/feed");
        DateTimeOffset t0 = db.Clock.GetUtcNow();
        await db.Items.CommitRefreshAsync(source.Id, [TestItems.Item("a")], TestItems.Ok(t0), Ct);
        long versionAfterCommit = await db.Stories.GetChangeVersionAsync(Ct);

        for (int i = 1; i <= 3; i++)
        {
            await db.Sources.RecordPollAsync(source.Id, new PollOutcome
            {
                CheckedAt = t0.AddMinutes(i),
                HttpStatus = 503,
                Error = $"HTTP 503 number {i}",
                RetryAfterUntil = t0.AddHours(1),
                NextDueAt = t0.AddHours(1),
            }, Ct);
        }

        FeedSource failing = (await db.Sources.GetAsync(source.Id, Ct))!;
        Assert.Equal(3, failing.ConsecutiveFailures);
        Assert.Equal("HTTP 503 number 3", failing.LastError);
        Assert.Equal(503, failing.LastHttpStatus);
        Assert.Equal(t0.AddHours(1), failing.RetryAfterUntil);
        Assert.Equal(t0.AddMinutes(3), failing.LastCheckedAt);
        Assert.Equal(t0, failing.LastSuccessAt);
        Assert.Equal("\"v1\"", failing.ETag);

        DateTimeOffset notModifiedAt = t0.AddMinutes(90);
        await db.Sources.RecordPollAsync(source.Id, new PollOutcome
        {
            CheckedAt = notModifiedAt,
            HttpStatus = 304,
            ETag = "\"ignored\"",
            NextDueAt = notModifiedAt.AddMinutes(15),
        }, Ct);

        FeedSource recovered = (await db.Sources.GetAsync(source.Id, Ct))!;
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.Null(recovered.LastError);
        Assert.Null(recovered.RetryAfterUntil);
        Assert.Equal(304, recovered.LastHttpStatus);
        Assert.Equal(notModifiedAt, recovered.LastCheckedAt);
        Assert.Equal(notModifiedAt, recovered.LastSuccessAt);
        Assert.Equal(notModifiedAt.AddMinutes(15), recovered.NextDueAt);
        Assert.Equal("\"v1\"", recovered.ETag);
        Assert.Equal("Wed, 07 May 2025 02:00:00 GMT", recovered.LastModified);
        Assert.Equal(versionAfterCommit, await db.Stories.GetChangeVersionAsync(Ct));
    }

    [Fact]
    public async Task A_permanent_redirect_moves_the_source_unless_another_source_has_that_url()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource moving = await db.AddSourceAsync("http://old.example.go.id/feed");
        FeedSource blocked = await db.AddSourceAsync("http://blocked.example.go.id/feed");
        await db.AddSourceAsync("https://taken.example.go.id/feed");
        DateTimeOffset now = db.Clock.GetUtcNow();

        await db.Sources.RecordPollAsync(moving.Id, new PollOutcome { CheckedAt = now, HttpStatus = 304, NewUrl = "https://new.example.go.id/feed" }, Ct);
        await db.Items.CommitRefreshAsync(blocked.Id, [TestItems.Item("x")], TestItems.Ok(now) with { NewUrl = "https://TAKEN.example.go.id:443/feed" }, Ct);

        FeedSource moved = (await db.Sources.GetAsync(moving.Id, Ct))!;
        Assert.Equal("https://new.example.go.id/feed", moved.Url);
        Assert.Null(moved.LastError);
        FeedSource kept = (await db.Sources.GetAsync(blocked.Id, Ct))!;
        Assert.Equal("http://blocked.example.go.id/feed", kept.Url);
        Assert.Contains("already has that URL", kept.LastError, StringComparison.Ordinal);
        Assert.Equal(0, kept.ConsecutiveFailures);

        FeedSource again = await db.AddSourceAsync("https://new.example.go.id/feed");
        Assert.Equal(moving.Id, again.Id);
    }

    [Fact]
    public async Task Recording_a_poll_for_an_unknown_source_throws()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);

        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            db.Sources.RecordPollAsync(42, new PollOutcome { CheckedAt = db.Clock.GetUtcNow(), HttpStatus = 304 }, Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            db.Items.CommitRefreshAsync(42, [TestItems.Item("a")], TestItems.Ok(db.Clock.GetUtcNow()), Ct));
    }

    [Fact]
    public async Task Recording_a_poll_for_a_removed_source_throws_and_changes_nothing()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://example.go.id/feed");
        Assert.True(await db.Sources.DeleteAsync(source.Id, purgeItems: false, Ct));
        DateTimeOffset at = db.Clock.GetUtcNow();

        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = at, HttpStatus = 304, NextDueAt = at.AddMinutes(5) }, Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            db.Sources.RecordPollAsync(source.Id, new PollOutcome { CheckedAt = at, HttpStatus = 503, Error = "HTTP 503", NextDueAt = at.AddMinutes(5) }, Ct));
        Assert.Equal(0L, db.Scalar("SELECT poll_count FROM sources WHERE id = @Id", new { source.Id }));
    }

    [Fact]
    public async Task SetEnabled_toggles_existing_sources_only()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://example.go.id/feed");

        Assert.True(await db.Sources.SetEnabledAsync(source.Id, false, Ct));
        Assert.False((await db.Sources.GetAsync(source.Id, Ct))!.Enabled);
        Assert.False(await db.Sources.SetEnabledAsync(source.Id + 100, false, Ct));
    }

    [Fact]
    public async Task Deleting_without_purge_hides_the_source_but_keeps_its_stories_and_upsert_brings_it_back()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource source = await db.AddSourceAsync("https://example.go.id/feed", title: "Portal");
        await db.Items.CommitRefreshAsync(source.Id, TestItems.Many(3), TestItems.Ok(db.Clock.GetUtcNow()), Ct);

        Assert.True(await db.Sources.DeleteAsync(source.Id, purgeItems: false, Ct));

        Assert.False(await db.Sources.DeleteAsync(source.Id, purgeItems: false, Ct));
        Assert.Null(await db.Sources.GetAsync(source.Id, Ct));
        Assert.Empty(await db.Sources.ListAsync(Ct));
        IReadOnlyList<StoryEntry> stories = await db.Stories.LatestStoriesAsync(10, Ct);
        Assert.Equal(3, stories.Count);
        Assert.All(stories, story => Assert.Equal("Portal", story.SourceTitle));

        FeedSource back = await db.AddSourceAsync("https://example.go.id/feed");
        Assert.Equal(source.Id, back.Id);
        Assert.True(back.Enabled);
        Assert.Null(back.ETag);
        StoreResult refetch = await db.Items.CommitRefreshAsync(back.Id, TestItems.Many(3), TestItems.Ok(db.Clock.GetUtcNow()), Ct);
        Assert.Equal(new StoreResult(0, 0, 3), refetch);
    }

    [Fact]
    public async Task Deleting_with_purge_removes_its_items_and_hands_shared_stories_to_the_remaining_copy()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        FeedSource origin = await db.AddSourceAsync("https://mc.example.go.id/feed", isOrigin: true);
        FeedSource portal = await db.AddSourceAsync("https://portal.example.go.id/feed");
        DateTimeOffset now = db.Clock.GetUtcNow();
        await db.Items.CommitRefreshAsync(origin.Id, [TestItems.Item("shared", "https://mc.example.go.id/berita/1"), TestItems.Item("only-origin")], TestItems.Ok(now), Ct);
        await db.Items.CommitRefreshAsync(portal.Id, [TestItems.Item("copy", "https://mc.example.go.id/berita/1")], TestItems.Ok(now), Ct);
        long versionBefore = await db.Stories.GetChangeVersionAsync(Ct);

        Assert.True(await db.Sources.DeleteAsync(origin.Id, purgeItems: true, Ct));

        IReadOnlyList<StoryEntry> stories = await db.Stories.LatestStoriesAsync(10, Ct);
        StoryEntry remaining = Assert.Single(stories);
        Assert.Equal(portal.Id, remaining.SourceId);
        Assert.Equal("copy", remaining.Item.ItemKey);
        Assert.Empty(remaining.AlsoPublishedBy);
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM items WHERE source_id = @Id", new { origin.Id }));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM sources WHERE id = @Id", new { origin.Id }));
        Assert.True(await db.Stories.GetChangeVersionAsync(Ct) > versionBefore);
    }
}

public sealed class SourceStoreTestsOnSqlite() : SourceStoreTests(StorageProvider.Sqlite);

public sealed class SourceStoreTestsOnPostgres() : SourceStoreTests(StorageProvider.Postgres);
