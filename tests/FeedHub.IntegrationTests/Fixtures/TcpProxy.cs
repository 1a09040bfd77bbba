using System.Net;
using System.Net.Sockets;

namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>A loopback TCP relay to a server (PostgreSQL in the tests) that a test can cut and
/// restore, as a network fault or a server restart would: <see cref="Cut"/> drops every relayed
/// connection and refuses new ones, <see cref="Restore"/> accepts again on the same port.</summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _server;
    private readonly object _gate = new();
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _accepting = new();

    private TcpProxy(IPEndPoint server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public static TcpProxy Start(IPEndPoint server)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var proxy = new TcpProxy(server, port);
        proxy.Restore();
        return proxy;
    }

    public void Restore()
    {
        lock (_gate)
        {
            _accepting = new CancellationTokenSource();
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _ = AcceptAsync(_listener, _accepting.Token);
        }
    }

    public void Cut()
    {
        lock (_gate)
        {
            _accepting.Cancel();
            _listener?.Stop();
            _listener = null;
            foreach (TcpClient client in _open)
            {
                // Reset rather than close: the client sees the connection broken at once. A relay
                // that already ended has disposed its pair.
                try
                {
                    client.Client?.LingerState = new LingerOption(true, 0);
                }
                catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
                {
                }

                client.Dispose();
            }

            _open.Clear();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(_server, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_gate)
            {
                _open.Add(client);
                _open.Add(upstream);
            }

            _ = RelayAsync(client, upstream);
            _ = RelayAsync(upstream, client);
        }
    }

    private static async Task RelayAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
