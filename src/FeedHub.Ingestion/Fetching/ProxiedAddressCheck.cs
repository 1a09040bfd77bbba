namespace FeedHub.Ingestion.Fetching;

/// <summary>Checks the feed host of a request that goes through the proxy. The connect step then only
/// sees the proxy's address, which is configuration and exempt, so the host is resolved here and every
/// address checked against the <see cref="NetworkAddressPolicy"/> before the request leaves. The proxy
/// resolves the name again itself: it is trusted not to be turned against us.</summary>
public sealed class ProxiedAddressCheck(FetchProxy proxy, SsrfGuard guard) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Uri? target = request.RequestUri;
        if (target is not null && proxy.GetProxy(target) is not null)
        {
            // Throws AddressRefusedException, which the fetcher reports like a refused direct connection.
            await guard.ResolveAsync(target.IdnHost, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
