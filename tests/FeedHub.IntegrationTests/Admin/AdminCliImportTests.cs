using System.Globalization;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Admin;

/// <summary>OPML in and out through the executable, at the size of a real national list.</summary>
public sealed partial class AdminCliImportTests
{
    [Fact]
    public async Task A_thousand_source_opml_imports_quietly_in_a_pipe_exports_and_reimports_as_the_same_set()
    {
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        await File.WriteAllTextAsync(cli.File("national.opml"), NationalList(1000), TestContext.Current.CancellationToken);

        using WorkerProcess imported = await cli.RunAsync("sources", "import", cli.File("national.opml"));
        using WorkerProcess again = await cli.RunAsync("sources", "import", cli.File("national.opml"));
        using WorkerProcess export = await cli.RunAsync("sources", "export", cli.File("export.opml"));
        using WorkerProcess list = await cli.RunAsync("sources", "list");

        Assert.Equal(0, imported.ExitCode);
        Assert.Equal("1000 added, 0 updated, 0 skipped, 0 invalid", imported.StandardOutput.Trim());
        Assert.Empty(imported.StandardError);
        Assert.Equal("0 added, 0 updated, 1000 skipped, 0 invalid", again.StandardOutput.Trim());
        Assert.Equal(0, export.ExitCode);
        Assert.Equal(1001, AdminCliTests.Lines(list.StandardOutput).Length);
        Assert.Contains(AdminCliTests.Lines(list.StandardOutput), row => row.Contains("https://portal-0999.example.id/feed", StringComparison.Ordinal) && row.Contains("prov-09,kab-99", StringComparison.Ordinal));

        using var other = new TempDirectory();
        var fresh = new AdminCli(other);
        using WorkerProcess reimported = await fresh.RunAsync("sources", "import", cli.File("export.opml"));
        using WorkerProcess reexported = await fresh.RunAsync("sources", "export");

        Assert.Equal("1000 added, 0 updated, 0 skipped, 0 invalid", reimported.StandardOutput.Trim());
        Assert.Equal(
            WithoutDate(await File.ReadAllTextAsync(cli.File("export.opml"), TestContext.Current.CancellationToken)),
            WithoutDate(reexported.StandardOutput));
    }

    [Fact]
    public async Task An_import_updates_existing_urls_and_reports_invalid_outlines_on_stderr_with_exit_1()
    {
        using var directory = new TempDirectory();
        var cli = new AdminCli(directory);
        using WorkerProcess added = await cli.RunAsync("sources", "add", "https://portal-0001.example.id/feed", "--no-probe", "--title", "Old title");
        await File.WriteAllTextAsync(cli.File("mixed.opml"), """
            <opml version="2.0"><body>
              <outline text="Kalsel">
                <outline text="New title" xmlUrl="HTTPS://portal-0001.example.id/feed"/>
                <outline text="Fresh" xmlUrl="https://fresh.example.id/feed"/>
                <outline text="Secret" xmlUrl="https://user:pw@fresh.example.id/feed"/>
              </outline>
            </body></opml>
            """, TestContext.Current.CancellationToken);

        using WorkerProcess imported = await cli.RunAsync("sources", "import", cli.File("mixed.opml"));
        using WorkerProcess broken = await cli.RunAsync("sources", "import", cli.File("missing.opml"));
        using WorkerProcess show = await cli.RunAsync("sources", "show", "1");

        Assert.Equal(0, added.ExitCode);
        Assert.Equal(1, imported.ExitCode);
        Assert.Equal("1 added, 1 updated, 0 skipped, 1 invalid", imported.StandardOutput.Trim());
        Assert.Equal("mixed.opml line 5 (Secret): the URL is not accepted: URLs with user credentials are not accepted", imported.StandardError.Trim());
        AdminCliTests.AssertFailsWithOneLine(broken, "Cannot import");
        Assert.Contains("title:            New title", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("tags:             Kalsel", show.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Provinces → regencies → portals, three levels of folders as exported by feed readers.</summary>
    private static string NationalList(int count)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<opml version=\"2.0\"><head><title>Nasional</title></head><body>\n");
        foreach (IGrouping<int, int> province in Enumerable.Range(0, count).GroupBy(n => n / 100))
        {
            xml.Append(CultureInfo.InvariantCulture, $"<outline text=\"prov-{province.Key:00}\">\n");
            foreach (IGrouping<int, int> regency in province.GroupBy(n => n % 100 / 10))
            {
                foreach (int n in regency)
                {
                    xml.Append(CultureInfo.InvariantCulture, $"  <outline text=\"kab-{n % 100:00}\"><outline type=\"rss\" text=\"{SecurityElement.Escape($"Portal {n} & Co")}\" xmlUrl=\"https://portal-{n:0000}.example.id/feed\"/></outline>\n");
                }
            }

            xml.Append("</outline>\n");
        }

        return xml.Append("</body></opml>").ToString();
    }

    private static string WithoutDate(string opml) => DateCreated().Replace(opml.Trim(), "");

    [GeneratedRegex("<dateCreated>[^<]*</dateCreated>")]
    private static partial Regex DateCreated();
}
