using FeedHub.Core.Storage;
using FeedHub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Storage;

public abstract class SettingsStoreTests(StorageProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_value_stored_wins_for_every_later_writer_and_process()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        ISettingsStore first = db.Services.GetRequiredService<ISettingsStore>();
        ISettingsStore second = db.Connect().GetRequiredService<ISettingsStore>();

        string[] racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? first : second).GetOrAddAsync("publishing.tag_authority", $"host-{i}", Ct)));
        string later = await second.GetOrAddAsync("publishing.tag_authority", "feeds.example", Ct);
        string other = await first.GetOrAddAsync("another", "value", Ct);

        Assert.Single(racing.Distinct());
        Assert.Equal(racing[0], later);
        Assert.Equal("value", other);
    }
}

public sealed class SettingsStoreTestsOnSqlite() : SettingsStoreTests(StorageProvider.Sqlite);

public sealed class SettingsStoreTestsOnPostgres() : SettingsStoreTests(StorageProvider.Postgres);
