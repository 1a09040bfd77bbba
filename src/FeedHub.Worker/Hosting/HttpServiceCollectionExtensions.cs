using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Hosting;

public static class HttpServiceCollectionExtensions
{
    /// <summary><c>FeedHub:Http</c> and the forwarded-headers middleware's options (the middleware
    /// is first in FeedHubApp's pipeline): the client address and scheme that a known proxy
    /// reports replace the socket's, for the admin rate limit and for links; nobody else's do.</summary>
    public static IServiceCollection AddFeedHubHttp(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HttpOptions>>((forwarded, http) =>
        {
            // ASP.NET trusts loopback by default, and with both lists empty it believes everyone;
            // only what the operator listed counts, and with nothing listed nothing is read.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (System.Net.IPAddress proxy in http.Value.ProxyAddresses())
            {
                forwarded.KnownProxies.Add(proxy);
            }

            foreach (System.Net.IPNetwork network in http.Value.ProxyNetworks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            bool any = forwarded.KnownProxies.Count > 0 || forwarded.KnownIPNetworks.Count > 0;
            forwarded.ForwardedHeaders = any ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;

            // No fixed depth: the chain is walked back through known proxies and stops at the
            // first address that is not one, which is the client.
            forwarded.ForwardLimit = null;
        });
        return services;
    }
}
