using System.Net;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Hosting;

/// <summary>Section <c>FeedHub:Http</c>: the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. None by default: any client can send those headers.</summary>
public sealed class HttpOptions
{
    public const string Section = "FeedHub:Http";

    /// <summary>Proxy addresses (<c>10.0.0.5</c>, <c>::1</c>).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form (<c>10.0.0.0/8</c>).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public IEnumerable<IPAddress> ProxyAddresses() => KnownProxies.Select(IPAddress.Parse);

    public IEnumerable<IPNetwork> ProxyNetworks() => KnownNetworks.Select(network => IPNetwork.Parse(network));
}

internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        List<string> failures = [];
        for (int i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                failures.Add($"{HttpOptions.Section}:KnownProxies:{i} must be an IP address (was '{options.KnownProxies[i]}').");
            }
        }

        for (int i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                failures.Add($"{HttpOptions.Section}:KnownNetworks:{i} must be a network in CIDR form such as 10.0.0.0/8 (was '{options.KnownNetworks[i]}').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
