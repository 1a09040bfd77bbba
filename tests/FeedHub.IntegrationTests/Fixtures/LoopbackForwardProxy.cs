using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>A minimal HTTP forward proxy on a loopback address: it takes absolute-form requests
/// (<c>GET http://127.0.0.1:port/feed HTTP/1.1</c>) and tunnels (<c>CONNECT 127.0.0.1:port</c>, what a
/// client sends for https), only to loopback addresses, and records each one, so a test can prove which
/// fetches went through it. Anything else (a name, a public address) gets a 403 and is recorded too;
/// nothing ever leaves the machine.</summary>
public sealed class LoopbackForwardProxy : IAsyncDisposable
{
    private const int MaxHeaderBytes = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Task _accepting;

    private readonly string? _authorization;

    private LoopbackForwardProxy(TcpListener listener, string? authorization)
    {
        _listener = listener;
        _authorization = authorization;
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        Uri = new Uri($"http://{endpoint.Address}:{endpoint.Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Uri { get; }

    /// <summary>The request target of every request received ("METHOD target").</summary>
    public IReadOnlyCollection<string> Requests => _requests.ToArray();

    /// <summary>Listens on <paramref name="address"/> (127.0.0.2 by default: another loopback address
    /// than the fixture servers', so the address policy can tell the proxy from the feeds).</summary>
    /// <param name="user">With <paramref name="password"/>: Basic credentials the proxy demands
    /// (a 407 with a challenge for any request without them, as an authenticating proxy answers).</param>
    public static LoopbackForwardProxy Start(string address = "127.0.0.2", string? user = null, string? password = null)
    {
        var listener = new TcpListener(IPAddress.Parse(address), 0);
        listener.Start();
        string? authorization = user is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        return new LoopbackForwardProxy(listener, authorization);
    }

    /// <summary>Requests refused for want of the proxy's credentials ("METHOD target"), in order.</summary>
    public IReadOnlyCollection<string> Challenged => _challenged.ToArray();

    private readonly ConcurrentQueue<string> _challenged = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream downstream = client.GetStream();
                string? head = await ReadHeadAsync(downstream);
                if (head is null)
                {
                    return;
                }

                string[] lines = head.Split("\r\n");
                string[] requestLine = lines[0].Split(' ');
                if (_authorization is not null && !lines.Skip(1).Any(IsOurAuthorization))
                {
                    _challenged.Enqueue($"{requestLine[0]} {requestLine[1]}");
                    await downstream.WriteAsync("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"feedhub-test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                    return;
                }

                _requests.Enqueue($"{requestLine[0]} {requestLine[1]}");
                if (requestLine[0] == "CONNECT")
                {
                    await TunnelAsync(downstream, requestLine[1]);
                    return;
                }

                if (!Uri.TryCreate(requestLine[1], UriKind.Absolute, out Uri? target)
                    || !IPAddress.TryParse(target.Host.Trim('[', ']'), out IPAddress? address)
                    || !IPAddress.IsLoopback(address))
                {
                    await downstream.WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                    return;
                }

                using var upstream = new TcpClient();
                await upstream.ConnectAsync(address, target.Port, _stop.Token);
                NetworkStream upstreamStream = upstream.GetStream();
                var forwarded = new StringBuilder($"{requestLine[0]} {target.PathAndQuery} HTTP/1.1\r\n");
                foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
                {
                    string name = line.Split(':', 2)[0].Trim();
                    if (!name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) && !name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                    {
                        forwarded.Append(line).Append("\r\n");
                    }
                }

                // One request per connection keeps the relay a plain copy until the server closes.
                forwarded.Append("Connection: close\r\n\r\n");
                await upstreamStream.WriteAsync(Encoding.ASCII.GetBytes(forwarded.ToString()), _stop.Token);
                await RelayAsync(downstream, upstreamStream);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The client or the server went away; the test sees that on its side.
            }
        }
    }

    private bool IsOurAuthorization(string headerLine)
    {
        string[] parts = headerLine.Split(':', 2);
        return parts.Length == 2
            && parts[0].Trim().Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
            && parts[1].Trim() == _authorization;
    }

    /// <summary>Relays bytes both ways between the client and <paramref name="authority"/> (an IP
    /// literal and a port) until either side closes: what the client sends through it is TLS the
    /// proxy can neither read nor alter.</summary>
    private async Task TunnelAsync(NetworkStream downstream, string authority)
    {
        int colon = authority.LastIndexOf(':');
        if (colon <= 0
            || !IPAddress.TryParse(authority[..colon].Trim('[', ']'), out IPAddress? address)
            || !IPAddress.IsLoopback(address)
            || !int.TryParse(authority[(colon + 1)..], out int port))
        {
            await downstream.WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
            return;
        }

        using var upstream = new TcpClient();
        await upstream.ConnectAsync(address, port, _stop.Token);
        NetworkStream upstreamStream = upstream.GetStream();
        await downstream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), _stop.Token);
        await RelayAsync(downstream, upstreamStream);
    }

    /// <summary>Copies both ways (a request body up, the response down) until either side closes.</summary>
    private async Task RelayAsync(NetworkStream downstream, NetworkStream upstream)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        Task up = downstream.CopyToAsync(upstream, done.Token);
        Task down = upstream.CopyToAsync(downstream, done.Token);
        await Task.WhenAny(up, down);
        await done.CancelAsync();
        await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        byte[] one = new byte[1];
        while (buffer.Count < MaxHeaderBytes)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            int n = buffer.Count;
            if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n')
            {
                return Encoding.ASCII.GetString(buffer.ToArray(), 0, n - 4);
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
