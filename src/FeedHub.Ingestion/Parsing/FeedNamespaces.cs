using System.Xml.Linq;

namespace FeedHub.Ingestion.Parsing;

/// <summary>Namespaces matched by URI, never by prefix (feeds pick prefixes freely).</summary>
internal static class FeedNamespaces
{
    public static readonly XNamespace Atom10 = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Atom03 = "http://purl.org/atom/ns#";
    public static readonly XNamespace Rss10 = "http://purl.org/rss/1.0/";
    public static readonly XNamespace Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    public static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    public static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    public static readonly XNamespace DcTerms = "http://purl.org/dc/terms/";
    public static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    public static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";

    /// <summary>Namespaces the plain RSS elements (title, link, item...) may appear in.</summary>
    public static bool IsRss(XNamespace ns) =>
        ns == XNamespace.None || ns == Rss10 || ns == Rss090
        || ns.NamespaceName.StartsWith("http://backend.userland.com/rss", StringComparison.Ordinal)
        || ns.NamespaceName == "http://blogs.law.harvard.edu/tech/rss";

    /// <summary>iTunes' namespace URI is published in several casings; all are meant.</summary>
    public static bool IsItunes(XNamespace ns) => string.Equals(ns.NamespaceName, Itunes.NamespaceName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Media RSS, with or without the trailing slash feeds are split on.</summary>
    public static bool IsMedia(XNamespace ns) => ns.NamespaceName.TrimEnd('/') == "http://search.yahoo.com/mrss";

    public static bool IsAtom(XNamespace ns) => ns == Atom10 || ns == Atom03;
}
