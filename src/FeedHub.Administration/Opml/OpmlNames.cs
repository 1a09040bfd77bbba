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
    public const string UserAgent = "userAgent";
    public const string Timeout = "timeout";
    public const string MaxResponseBytes = "maxResponseBytes";
    public const string Headers = "headers";
    public const string KeepRules = "keep";
    public const string BlockRules = "block";

    /// <summary>Separates rules and headers in one attribute: neither may contain a line break
    /// (XmlWriter writes it as a character reference, so it survives attribute normalization).</summary>
    public const char LineSeparator = '\n';

    /// <summary>Separates credits in one attribute; credit lines contain commas, never this.</summary>
    public const char CreditSeparator = '|';
}
