namespace FeedHub.Administration.Discovery;

/// <summary>Where the common publishing systems serve their main feed, tried against the site's
/// root when a page links none: WordPress (/feed, /feed/atom, ?feed=rss2 without pretty links),
/// generic /rss and /rss.xml, Hugo (/index.xml) and Blogger (/feeds/posts/default).</summary>
public static class CommonFeedPaths
{
    public static IReadOnlyList<string> All { get; } =
        ["/feed", "/rss", "/feed/atom", "/index.xml", "/rss.xml", "/?feed=rss2", "/feeds/posts/default"];

    public static string Listed { get; } = string.Join(", ", All.Select(p => p.TrimStart('/')).Select(p => p.StartsWith('?') ? p : "/" + p));

    public static IEnumerable<Uri> On(Uri page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var root = new Uri(page.GetLeftPart(UriPartial.Authority) + "/");
        return All.Select(path => new Uri(root, path));
    }
}
