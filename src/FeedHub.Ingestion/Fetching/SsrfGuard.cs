using System.Net;
using System.Net.Sockets;

namespace FeedHub.Ingestion.Fetching;

/// <summary>The connect step of the fetch handler: resolves the host itself, checks every resolved
/// address against the <see cref="NetworkAddressPolicy"/>, and connects to exactly a checked address.
/// Checking here, after DNS, covers redirects and DNS rebinding, which a URL check alone cannot.</summary>
public sealed class SsrfGuard
{
    private readonly NetworkAddressPolicy _policy;
    private readonly FetchProxy _proxy;

    public SsrfGuard(NetworkAddressPolicy policy, FetchProxy? proxy = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy;
        _proxy = proxy ?? FetchProxy.None;
    }

    /// <summary>Suitable for <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<IPAddress> addresses = IsProxyConnection(context)
            ? await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host.Trim('[', ']'), cancellationToken)
            : await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);

        SocketException? lastFailure = null;
        foreach (IPAddress address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                lastFailure = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastFailure ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>A connection to the configured proxy, not to the request's own host: the proxy is
    /// configuration and exempt (the feed host was checked before the request was sent). A feed URL
    /// that names the proxy's address itself is a direct connection and is checked. An https feed
    /// goes through a tunnel, whose connection the handler opens for its own CONNECT request, addressed
    /// to the proxy itself: that one is a proxy connection too (FeedHub never sends CONNECT otherwise).</summary>
    private bool IsProxyConnection(SocketsHttpConnectionContext context)
    {
        DnsEndPoint endpoint = context.DnsEndPoint;
        HttpRequestMessage request = context.InitialRequestMessage;
        Uri? target = request.RequestUri;
        bool toTarget = target is not null && target.Port == endpoint.Port
            && string.Equals(target.IdnHost.Trim('[', ']'), endpoint.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase);
        return (request.Method == HttpMethod.Connect || !toTarget) && _proxy.IsProxyEndpoint(endpoint.Host, endpoint.Port);
    }

    /// <summary>The addresses a connection to <paramref name="host"/> may use, every one of them
    /// allowed by the policy; throws <see cref="AddressRefusedException"/> if any is refused, so a
    /// name that mixes public and private answers is refused as a whole.</summary>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        string bare = Uri.UnescapeDataString(host.Trim('[', ']'));

        IPAddress[] addresses;
        if (IPAddress.TryParse(bare.TrimEnd('.'), out IPAddress? literal))
        {
            addresses = [literal];
        }
        else if (bare.Contains(':', StringComparison.Ordinal))
        {
            throw new AddressRefusedException($"refused: '{host}' is not a valid address");
        }
        else
        {
            addresses = await Dns.GetHostAddressesAsync(bare, cancellationToken);
        }

        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        foreach (IPAddress address in addresses)
        {
            string? reason = _policy.GetRefusalReason(address);
            if (reason is not null)
            {
                throw new AddressRefusedException(literal is not null
                    ? $"refused: {reason}"
                    : $"refused: {bare} resolves to {address}; {reason}");
            }
        }

        // Connect to the IPv4 form of a mapped address: that is the address that was checked.
        return addresses.Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).ToArray();
    }
}
