using System.Net;
using System.Net.Sockets;

namespace FeedHub.Ingestion.Fetching;

/// <summary>The connect step of the fetch handler: resolves the host itself, checks every resolved
/// address against the <see cref="NetworkAddressPolicy"/>, and connects to exactly a checked address.
/// Checking here, after DNS, covers redirects and DNS rebinding, which a URL check alone cannot.</summary>
public sealed class SsrfGuard
{
    private readonly NetworkAddressPolicy _policy;

    public SsrfGuard(NetworkAddressPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy;
    }

    /// <summary>Suitable for <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<IPAddress> addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);

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
