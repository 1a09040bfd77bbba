using FeedHub.Ingestion.Normalizing;

namespace FeedHub.Tests.Normalizing;

/// <summary>HtmlSanitizer's set-up (AngleSharp's CSS tables) is most of what a short process that
/// sanitizes nothing would spend on it: a <c>refresh --all</c> whose sources all answer 304.</summary>
public sealed class HtmlContentSanitizerStartupTests
{
    private static readonly Uri ItemBase = new("https://mc.example.go.id/berita/2024/");

    [Fact]
    public void Constructing_it_builds_no_HtmlSanitizer()
    {
        var sanitizer = new HtmlContentSanitizer();

        Assert.False(sanitizer.HtmlSanitizerBuilt);
    }

    [Fact]
    public void Markup_the_fast_path_proves_needs_no_HtmlSanitizer()
    {
        var sanitizer = new HtmlContentSanitizer();

        Assert.Equal("<p>Gubernur <b>meresmikan</b> jembatan.</p>", sanitizer.Sanitize("<p>Gubernur <b>meresmikan</b> jembatan.</p>", ItemBase));
        Assert.False(sanitizer.HtmlSanitizerBuilt);
    }

    [Fact]
    public void Markup_outside_the_allow_list_builds_it_once_and_is_sanitized_as_before()
    {
        var sanitizer = new HtmlContentSanitizer();

        string? first = sanitizer.Sanitize("<p onclick=\"alert(1)\">x</p><script>alert(1)</script>", ItemBase);
        string? second = sanitizer.Sanitize("<a href=\"javascript:alert(1)\">y</a>", ItemBase);

        Assert.True(sanitizer.HtmlSanitizerBuilt);
        Assert.Equal("<p>x</p>", first);
        Assert.Equal("<a rel=\"noopener noreferrer nofollow\">y</a>", second);
    }
}
