using FeedHub.Ingestion.Fetching;
using FeedHub.Publishing;

namespace FeedHub.Worker.Hosting;

internal static class WebSubProxy
{
    /// <summary>Hub notifications leave the way feed fetches do: through the configured proxy
    /// (<c>FeedHub:Fetch:Proxy</c> and <c>NoProxy</c>, else the proxy variables), since a network that
    /// needs a proxy for feeds needs it for hubs too. Hubs are configuration, like the proxy, so the
    /// address rules for feeds do not apply to them.</summary>
    public static IServiceCollection AddWebSubThroughFetchProxy(this IServiceCollection services)
    {
        services.AddHttpClient(PublishingServiceCollectionExtensions.WebSubHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                FetchProxy proxy = provider.GetRequiredService<FetchProxy>();
                return new SocketsHttpHandler
                {
                    // Never the machine's default proxy: the same one as the fetches, or none.
                    UseProxy = proxy.IsEnabled,
                    Proxy = proxy.IsEnabled ? proxy : null,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                };
            });
        return services;
    }
}
