using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Admin;

/// <summary>Per-source headers and rules on the command line of the real executable.</summary>
public sealed class SourceSettingsCliTests
{
    private const string Token = "rahasia-cli-77";

    [Fact]
    public async Task Headers_are_masked_in_show_rules_count_what_they_block_and_export_needs_include_secrets()
    {
        await using FixtureServer feeds = await FixtureServer.StartAsync();
        feeds.MapContent("mc.xml", FeedXml.Rss("MC Kalsel", [
            new FeedXml.Item("urn:1", "Gubernur Kalsel tinjau banjir", "https://mc.example/1", "<p>Tinjauan lapangan.</p>", DateTimeOffset.UnixEpoch.AddYears(54)),
            new FeedXml.Item("urn:2", "Iklan: diskon akhir tahun", "https://mc.example/2", "<p>Promo.</p>", DateTimeOffset.UnixEpoch.AddYears(54)),
            new FeedXml.Item("urn:3", "Kaltim bangun jalan tol", "https://mc.example/3", "<p>Tol baru.</p>", DateTimeOffset.UnixEpoch.AddYears(54)),
        ]));
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        await File.WriteAllTextAsync(cli.File("headers.txt"), $"X-Api-Token: {Token}\nCookie: sesi=1\n", TestContext.Current.CancellationToken);

        using WorkerProcess added = await cli.RunAsync("sources", "add", feeds.Url("mc.xml").AbsoluteUri, "--no-probe",
            "--headers-file", cli.File("headers.txt"), "--block", "words:iklan", "--keep", "words:Kalsel", "--timeout", "10s");
        using WorkerProcess refreshed = await cli.RunAsync("refresh", "--source", "1");
        using WorkerProcess show = await cli.RunAsync("sources", "show", "1");
        using WorkerProcess badRegex = await cli.RunAsync("sources", "update", "1", "--block", @"regex:(a)\1");
        using WorkerProcess hostHeader = await cli.RunAsync("sources", "update", "1", "--header", "Host: evil.example");
        using WorkerProcess export = await cli.RunAsync("sources", "export");
        using WorkerProcess exportSecrets = await cli.RunAsync("sources", "export", "--include-secrets");

        Assert.Equal(0, added.ExitCode);
        Assert.Equal(0, refreshed.ExitCode);
        Assert.Equal(Token, feeds.Requests.Single().Headers["X-Api-Token"]);
        Assert.Equal(0, show.ExitCode);
        Assert.DoesNotContain(Token, show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("headers:", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("X-Api-Token: ********", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("timeout:          00:00:10", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("blocked items:    2", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  block 1: words:iklan  (1 blocked)", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  matched by no keep rule: 1 blocked", show.StandardOutput, StringComparison.Ordinal);
        AdminCliTests.AssertFailsWithOneLine(badRegex, @"blockRules: The regular expression '(a)\1' is refused");
        AdminCliTests.AssertFailsWithOneLine(hostHeader, "headers: The header Host is managed by FeedHub");
        Assert.Equal(0, export.ExitCode);
        Assert.DoesNotContain(Token, export.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Api-Token", export.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("feedhub:keep=\"words:Kalsel\"", export.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(Token, exportSecrets.StandardOutput, StringComparison.Ordinal);
    }
}
