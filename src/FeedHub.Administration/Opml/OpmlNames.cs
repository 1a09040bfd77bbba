namespace FeedHub.Administration.Opml;

/// <summary>Element and attribute names of OPML 2.0, and FeedHub's own attributes in their own
/// namespace (OPML allows namespaced attributes; other readers ignore them).</summary>
internal static class OpmlNames
{
    public const string FeedHubNamespace = "urn:feedhub:opml";
    public const string FeedHubPrefix = "feedhub";

    public const string Interval = "interval";
    public const string Origin = "origin";
    public const string Credits = "credits";

    /// <summary>Separates credits in one attribute; credit lines contain commas, never this.</summary>
    public const char CreditSeparator = '|';
}
