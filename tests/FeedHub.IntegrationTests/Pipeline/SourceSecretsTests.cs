using FeedHub.Administration;
using FeedHub.Ingestion.Refreshing;
using FeedHub.Ingestion.Secrets;
using FeedHub.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.IntegrationTests.Pipeline;

/// <summary>A source's encrypted headers across restarts of the worker with the right, no, or another key.</summary>
public sealed class SourceSecretsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Headers_encrypted_with_one_key_fail_the_poll_with_a_clear_error_without_it_or_with_another_and_nothing_is_sent()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("paid.xml", FeedXml.Rss("Portal", [FeedXml.Numbered(1)]));
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("a.key"), SecretKey.NewKeyFileText(), Ct);
        await File.WriteAllTextAsync(directory.File("b.key"), SecretKey.NewKeyFileText(), Ct);
        long id;
        await using (PipelineHarness first = await PipelineHarness.StartAsync(new Dictionary<string, string?> { ["FeedHub:Secrets:KeyFile"] = directory.File("a.key") }, directory))
        {
            SourceAdministration admin = first.Services.GetRequiredService<SourceAdministration>();
            id = (await admin.AddAsync(new SourceInput { Url = feeds.Url("paid.xml").AbsoluteUri, Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer rahasia" } }, false, "test", Ct)).Source!.Source.Id;
            Assert.Equal(RefreshStatus.Updated, (await first.RefreshAsync(id)).Status);
            Assert.Equal("Bearer rahasia", feeds.Requests.Single().Headers["Authorization"]);
        }

        RefreshResult withoutKey;
        await using (PipelineHarness second = await PipelineHarness.StartAsync(directory: directory))
        {
            withoutKey = await second.RefreshAsync(id);
        }

        RefreshResult otherKey;
        await using (PipelineHarness third = await PipelineHarness.StartAsync(new Dictionary<string, string?> { ["FeedHub:Secrets:KeyFile"] = directory.File("b.key") }, directory))
        {
            otherKey = await third.RefreshAsync(id);
        }

        Assert.Equal(RefreshStatus.Failed, withoutKey.Status);
        Assert.Matches("^the source's request headers cannot be read: header Authorization is encrypted with key [0-9a-f]{8}, but FeedHub:Secrets:KeyFile is not set", withoutKey.Error);
        Assert.Equal(RefreshStatus.Failed, otherKey.Status);
        Assert.Matches("but the configured key file holds key [0-9a-f]{8}", otherKey.Error);
        Assert.Single(feeds.Requests);
    }
}
