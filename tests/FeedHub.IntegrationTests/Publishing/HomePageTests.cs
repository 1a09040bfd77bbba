using System.Diagnostics;
using System.Net;
using FeedHub.IntegrationTests.Fixtures;

namespace FeedHub.IntegrationTests.Publishing;

/// <summary>The human page at /: served like the feeds, and rendered by a real browser.</summary>
public sealed class HomePageTests(PublishedHost published) : IClassFixture<PublishedHost>
{
    private const string Chromium = "/usr/bin/chromium";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_lists_channels_with_subscribe_links_and_the_latest_stories_with_their_origin()
    {
        using HttpResponseMessage response = await published.Http.GetAsync("/?utm_source=share", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        string html = await response.Content.ReadAsStringAsync(Ct);
        Uri baseUri = published.Host.BaseUri;
        Assert.Contains($"<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Berita Kalsel\" href=\"{baseUri}channels/kalsel.atom\">", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{baseUri}channels/portal-banjir.json\">JSON Feed</a>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{baseUri}feed.xml\">RSS</a>", html, StringComparison.Ordinal);
        Assert.Contains(">Banjir di Martapura</a><div class=\"meta\">MC Kalsel · <time", html, StringComparison.Ordinal);
        Assert.Contains("also Portal</div>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_renders_in_headless_chromium()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Skip($"{Chromium} is not installed (apt-get install -y chromium); the page cannot be rendered in a real browser here.");
        }

        using var profile = new TempDirectory();
        string screenshot = profile.File("home.png");

        // On a loaded machine headless Chromium can capture before its first paint, or mid-paint; a
        // blank or half-painted capture is the browser's timing, not the page's, so it gets two more tries.
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            File.Delete(screenshot);
            await CaptureAsync(screenshot, profile.File($"profile{attempt}"));
            if (File.Exists(screenshot) && new FileInfo(screenshot).Length > 20_000
                && DarkSamplesBelowHeader(PngImage.Decode(await File.ReadAllBytesAsync(screenshot, Ct))) > 1000)
            {
                break;
            }
        }

        byte[] png = await File.ReadAllBytesAsync(screenshot, Ct);
        if (Environment.GetEnvironmentVariable("FEEDHUB_SCREENSHOT_OUT") is { Length: > 0 } copyTo)
        {
            await File.WriteAllBytesAsync(copyTo, png, Ct);
        }

        Assert.True(png.Length > 20_000, $"a page with text and colour is more than a blank image ({png.Length} bytes)");
        PngImage image = PngImage.Decode(png);
        Assert.Equal((1200, 900), (image.Width, image.Height));
        // The header band is the style sheet's navy (#12355b): the CSS was applied.
        Assert.Equal((18, 53, 91), ToTuple(image.Pixel(5, 5)));
        var colours = new HashSet<(byte, byte, byte)>();
        for (int y = 120; y < image.Height; y += 2)
        {
            for (int x = 0; x < image.Width; x += 2)
            {
                (byte r, byte g, byte b) = image.Pixel(x, y);
                colours.Add((r, g, b));
            }
        }

        int dark = DarkSamplesBelowHeader(image);
        Assert.True(colours.Count > 30, $"anti-aliased text gives many colours ({colours.Count})");
        Assert.True(dark > 1000, $"below the header there is dark text ({dark} dark samples)");
    }

    private static int DarkSamplesBelowHeader(PngImage image)
    {
        int dark = 0;
        for (int y = 120; y < image.Height; y += 2)
        {
            for (int x = 0; x < image.Width; x += 2)
            {
                (byte r, byte g, byte b) = image.Pixel(x, y);
                dark += r + g + b < 200 ? 1 : 0;
            }
        }

        return dark;
    }

    private async Task CaptureAsync(string screenshot, string profileDirectory)
    {
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--virtual-time-budget=3000",
            $"--user-data-dir={profileDirectory}", $"--screenshot={screenshot}", "--window-size=1200,900",
            published.Host.BaseUri.AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using Process browser = Process.Start(start)!;
        Task<string> output = browser.StandardOutput.ReadToEndAsync(Ct);
        Task<string> errors = browser.StandardError.ReadToEndAsync(Ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await browser.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            browser.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(File.Exists(screenshot), $"chromium wrote no screenshot (exit {browser.ExitCode}): {await errors}{await output}");
    }

    private static (int, int, int) ToTuple((byte R, byte G, byte B) pixel) => (pixel.R, pixel.G, pixel.B);
}
