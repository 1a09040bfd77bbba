using System.Net;

namespace FeedHub.Ingestion.Fetching;

/// <summary>The outbound proxy fetches go through: <see cref="FetchOptions.Proxy"/> for every feed when
/// it is set, else the standard <c>HTTP_PROXY</c>/<c>HTTPS_PROXY</c>/<c>NO_PROXY</c> variables (lower-case
/// forms first). The proxy is configuration and trusted; the feed hosts behind it are still checked
/// (<see cref="ProxiedAddressCheck"/>).</summary>
public sealed class FetchProxy : IWebProxy
{
    private static readonly string[] HttpVariables = ["http_proxy", "HTTP_PROXY"];
    private static readonly string[] HttpsVariables = ["https_proxy", "HTTPS_PROXY"];
    private static readonly string[] NoProxyVariables = ["no_proxy", "NO_PROXY"];

    private readonly IReadOnlyList<string> _bypass;

    private FetchProxy(Uri? httpProxy, Uri? httpsProxy, IReadOnlyList<string> bypass, ICredentials? credentials)
    {
        HttpProxy = httpProxy;
        HttpsProxy = httpsProxy;
        _bypass = bypass;
        Credentials = credentials;
    }

    /// <summary>No proxy: every fetch connects directly.</summary>
    public static FetchProxy None { get; } = new(null, null, [], null);

    public Uri? HttpProxy { get; }

    public Uri? HttpsProxy { get; }

    public bool IsEnabled => HttpProxy is not null || HttpsProxy is not null;

    /// <summary>Credentials from the proxy URL's user info, sent to the proxy only.</summary>
    public ICredentials? Credentials { get; set; }

    /// <summary>The proxy <paramref name="options"/> name, else the one the environment names; throws
    /// <see cref="FormatException"/> saying which value is wrong.</summary>
    public static FetchProxy Create(FetchOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var credentials = new CredentialCache();
        bool hasCredentials = false;
        if (!string.IsNullOrWhiteSpace(options.Proxy))
        {
            Uri proxy = ParseProxy(options.Proxy, $"{FetchOptions.SectionName}:{nameof(FetchOptions.Proxy)}", credentials, ref hasCredentials);
            return new FetchProxy(proxy, proxy, ParseBypass(options.NoProxy), hasCredentials ? credentials : null);
        }

        (string? httpValue, string httpName) = First(environment, HttpVariables);
        (string? httpsValue, string httpsName) = First(environment, HttpsVariables);
        if (httpValue is null && httpsValue is null)
        {
            return None;
        }

        Uri? http = httpValue is null ? null : ParseProxy(httpValue, httpName, credentials, ref hasCredentials);
        Uri? https = httpsValue is null ? null : ParseProxy(httpsValue, httpsName, credentials, ref hasCredentials);
        (string? noProxy, _) = First(environment, NoProxyVariables);
        return new FetchProxy(http, https, ParseBypass(noProxy?.Split(',') ?? []), hasCredentials ? credentials : null);
    }

    /// <summary>The proxy for <paramref name="destination"/>; null when it is fetched directly.</summary>
    public Uri? GetProxy(Uri destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (IsBypassed(destination))
        {
            return null;
        }

        return destination.Scheme == Uri.UriSchemeHttps ? HttpsProxy : HttpProxy;
    }

    public bool IsBypassed(Uri host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if ((host.Scheme == Uri.UriSchemeHttps ? HttpsProxy : HttpProxy) is null)
        {
            return true;
        }

        string name = host.IdnHost.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        IPAddress? address = IPAddress.TryParse(name, out IPAddress? parsed) ? parsed : null;
        foreach (string entry in _bypass)
        {
            if (entry == "*")
            {
                return true;
            }

            if (address is not null && NetworkAddressPolicy.TryParseNetwork(entry, out IPNetwork network))
            {
                if (network.Contains(address))
                {
                    return true;
                }

                continue;
            }

            // "example.id", ".example.id" and "*.example.id" all cover example.id and its subdomains, as in curl.
            if (name == entry || name.EndsWith("." + entry, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a connection to <paramref name="host"/>:<paramref name="port"/> is one to a configured proxy.</summary>
    public bool IsProxyEndpoint(string host, int port) =>
        Is(HttpProxy, host, port) || Is(HttpsProxy, host, port);

    private static bool Is(Uri? proxy, string host, int port) =>
        proxy is not null && proxy.Port == port
        && string.Equals(proxy.IdnHost.Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase);

    private static (string? Value, string Name) First(Func<string, string?> environment, string[] names)
    {
        foreach (string name in names)
        {
            string? value = environment(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return (value.Trim(), name);
            }
        }

        return (null, names[^1]);
    }

    private static Uri ParseProxy(string value, string setting, CredentialCache credentials, ref bool hasCredentials)
    {
        string text = value.Trim();
        // The variables are often written without a scheme ("proxy.pemda.go.id:3128"); curl reads that as http.
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"{setting}: '{Redact(value)}' is not a proxy URL such as http://proxy.example:3128.");
        }

        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new FormatException($"{setting}: only http:// proxies are supported (https feeds go through them with CONNECT), not '{uri.Scheme}'.");
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            throw new FormatException($"{setting}: a proxy URL has no path or query ('{Redact(value)}').");
        }

        var bare = new Uri(uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + "/");
        if (uri.UserInfo.Length > 0)
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            credentials.Add(bare, "Basic", new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : ""));
            hasCredentials = true;
        }

        return bare;
    }

    private static string[] ParseBypass(IEnumerable<string> entries) =>
        entries
            .Select(entry => entry.Trim().ToLowerInvariant())
            .Select(entry => entry.StartsWith("*.", StringComparison.Ordinal) ? entry[2..] : entry.TrimStart('.'))
            .Select(StripPort)
            .Where(entry => entry.Length > 0)
            .ToArray();

    private static string StripPort(string entry)
    {
        if (entry.StartsWith('['))
        {
            int close = entry.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? entry : entry[1..close];
        }

        // One colon is host:port; more make an IPv6 address (or range).
        int colon = entry.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && colon == entry.LastIndexOf(':') ? entry[..colon] : entry;
    }

    /// <summary>A proxy URL may carry a password: error messages never show it.</summary>
    private static string Redact(string value)
    {
        int at = value.LastIndexOf('@');
        int scheme = value.IndexOf("://", StringComparison.Ordinal);
        return at < 0 ? value : (scheme >= 0 && scheme < at ? value[..(scheme + 3)] : "") + "***@" + value[(at + 1)..];
    }
}
