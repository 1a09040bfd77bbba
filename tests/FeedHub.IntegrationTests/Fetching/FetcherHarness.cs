using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using FeedHub.Ingestion.Fetching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace FeedHub.IntegrationTests.Fetching;

/// <summary>The fetcher exactly as the host builds it (AddFeedHubFetching), with test options.</summary>
internal sealed class FetcherHarness : IDisposable
{
    private readonly ServiceProvider _provider;

    private FetcherHarness(ServiceProvider provider)
    {
        _provider = provider;
        Fetcher = provider.GetRequiredService<IFeedFetcher>();
    }

    public IFeedFetcher Fetcher { get; }

    /// <summary>Private networks allowed, short deadlines: for tests that talk to the loopback fixture.</summary>
    public static FetcherHarness AllowingLoopback(Action<FetchOptions>? configure = null, TimeProvider? timeProvider = null) =>
        Create(options =>
        {
            options.AllowPrivateNetworks = true;
            configure?.Invoke(options);
        }, timeProvider);

    /// <param name="trusted">A server certificate the fetcher's handler accepts besides what the
    /// machine trusts (a test's self-signed one); every other check of the handler stays as built.</param>
    public static FetcherHarness Create(Action<FetchOptions>? configure = null, TimeProvider? timeProvider = null, X509Certificate2? trusted = null)
    {
        var services = new ServiceCollection();
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddFeedHubFetching();
        services.Configure<FetchOptions>(options =>
        {
            options.Timeout = TimeSpan.FromSeconds(5);
            options.ConnectTimeout = TimeSpan.FromSeconds(2);
            configure?.Invoke(options);
        });
        if (trusted is not null)
        {
            services.Configure<HttpClientFactoryOptions>(FetchingServiceCollectionExtensions.HttpClientName, factory =>
                factory.HttpMessageHandlerBuilderActions.Add(handlers =>
                    ((SocketsHttpHandler)handlers.PrimaryHandler).SslOptions.RemoteCertificateValidationCallback =
                        (_, certificate, _, errors) => errors == SslPolicyErrors.None || certificate?.GetCertHashString() == trusted.GetCertHashString()));
        }

        return new FetcherHarness(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    /// <summary>The guarded client the fetcher uses, to exercise the connect callback on its own.</summary>
    public HttpClient CreateClient() =>
        _provider.GetRequiredService<IHttpClientFactory>().CreateClient(FetchingServiceCollectionExtensions.HttpClientName);

    public Task<FetchResult> FetchAsync(Uri url, string? etag = null, string? lastModified = null) =>
        Fetcher.FetchAsync(new FetchRequest(url, etag, lastModified), TestContext.Current.CancellationToken);

    public Task<FetchResult> FetchAsync(string url) => FetchAsync(new Uri(url, UriKind.RelativeOrAbsolute));

    public void Dispose() => _provider.Dispose();
}
