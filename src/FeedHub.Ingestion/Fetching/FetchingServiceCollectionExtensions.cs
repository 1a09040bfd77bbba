using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedHub.Ingestion.Fetching;

public static class FetchingServiceCollectionExtensions
{
    /// <summary>Name of the <see cref="HttpClient"/> the fetcher uses.</summary>
    public const string HttpClientName = "FeedHub.Fetching";

    /// <summary>Registers <see cref="IFeedFetcher"/> with its guarded HTTP client. Options come from
    /// <see cref="FetchOptions"/> (bind them from <see cref="FetchOptions.SectionName"/>); they are
    /// validated on start.</summary>
    public static IServiceCollection AddFeedHubFetching(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<FetchOptions>()
            .PostConfigure(options => options.UserAgent ??= FetchUserAgent.Build(options.Contact))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => NetworkAddressPolicy.FromOptions(sp.GetRequiredService<IOptions<FetchOptions>>().Value));
        services.TryAddSingleton(sp => FetchProxy.Create(sp.GetRequiredService<IOptions<FetchOptions>>().Value, Environment.GetEnvironmentVariable));
        services.TryAddSingleton<SsrfGuard>();
        services.TryAddSingleton(sp =>
        {
            FetchOptions options = sp.GetRequiredService<IOptions<FetchOptions>>().Value;
            return new FetchThrottle(options.MaxConcurrency, options.MaxConcurrencyPerHost, sp.GetRequiredService<TimeProvider>());
        });

        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(
                sp.GetRequiredService<IOptions<FetchOptions>>().Value,
                sp.GetRequiredService<SsrfGuard>(),
                sp.GetRequiredService<FetchProxy>()))
            .AddHttpMessageHandler(sp => new ProxiedAddressCheck(sp.GetRequiredService<FetchProxy>(), sp.GetRequiredService<SsrfGuard>()))
            // The factory's logging handlers opened a scope per request at any level; FetchRequestLog
            // writes the same lines under the same category, only when it is on, and never a header value.
            .RemoveAllLoggers()
            .AddHttpMessageHandler(sp => new FetchRequestLog(sp.GetRequiredService<ILoggerFactory>().CreateLogger(FetchRequestLog.Category)))
            // The handler recycles its own connections (PooledConnectionLifetime), re-resolving DNS
            // through the guard; rotating handlers on top of that would only waste connections.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        services.TryAddSingleton<IFeedFetcher, FeedFetcher>();
        return services;
    }

    private static SocketsHttpHandler CreateHandler(FetchOptions options, SsrfGuard guard, FetchProxy proxy) => new()
    {
        AutomaticDecompression = DecompressionMethods.All,
        AllowAutoRedirect = false,
        ConnectTimeout = options.ConnectTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxConnectionsPerServer = options.MaxConcurrencyPerHost,
        UseCookies = false,
        Credentials = null,
        PreAuthenticate = false,
        // Only the configured proxy, never the machine's default one: with it the connect step sees the
        // proxy's address, so ProxiedAddressCheck checks the feed host before the request is sent.
        UseProxy = proxy.IsEnabled,
        Proxy = proxy.IsEnabled ? proxy : null,
        ConnectCallback = guard.ConnectAsync,
    };
}
