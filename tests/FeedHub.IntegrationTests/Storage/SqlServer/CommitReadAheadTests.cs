using System.Collections.Concurrent;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.SqlServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FeedHub.IntegrationTests.Storage.SqlServer;

/// <summary>What a commit reads before its write, seen in the statements it sends: a poll that
/// looked its entries up by raw hash hands them over, and the source's items are not read again.</summary>
public sealed class CommitReadAheadTests
{
    private const string ReadAhead = "SELECT item_key, content_hash FROM items";

    private static readonly DateTimeOffset Now = SyntheticRows.Instant;

    [Fact]
    public async Task A_commit_given_the_items_found_by_raw_hash_does_not_read_the_source_items_again()
    {
        var log = new ConcurrentQueue<string>();
        IItemStore items = Store(log);
        KnownItem known = new(3, "0123456789abcdef0123456789abcdef", "guid:known", "known", null, "hash-known");

        await items.CommitRefreshAsync(2, [TestItems.Item("g:new")], TestItems.Ok(Now) with { StoredAhead = [known] }, TestContext.Current.CancellationToken);

        Assert.DoesNotContain(log, sql => sql.Contains(ReadAhead, StringComparison.Ordinal));
        Assert.Contains(log, sql => sql.Contains("INSERT INTO items", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commit_without_them_reads_the_stored_items_ahead_of_the_write()
    {
        var log = new ConcurrentQueue<string>();
        IItemStore items = Store(log);

        await items.CommitRefreshAsync(2, [TestItems.Item("g:new")], TestItems.Ok(Now), TestContext.Current.CancellationToken);

        Assert.Single(log, sql => sql.Contains(ReadAhead, StringComparison.Ordinal));
    }

    private static IItemStore Store(ConcurrentQueue<string> log)
    {
        var database = new StorageDatabase(new RecordingConnections(log), new SqlServerDialect(commandTimeoutSeconds: 30));
        var clock = new FakeTimeProvider(Now);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(StorageBackends.Create(database, new StoryOptions(), clock));
        services.AddFeedHubStorage();
        return services.BuildServiceProvider().GetRequiredService<IItemStore>();
    }
}
