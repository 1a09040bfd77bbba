using System.Net;
using System.Net.Sockets;

namespace FeedHub.IntegrationTests.Fetching;

/// <summary>A bare TCP listener that counts every connection made to it, so a test can prove that a
/// refused fetch never opened a socket (an HTTP server's request log would miss a connection that
/// sent nothing).</summary>
internal sealed class ConnectionCounter : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;

    private ConnectionCounter(TcpListener listener)
    {
        _listener = listener;
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far, plus one waiting in the backlog if any.</summary>
    public int Connections => Volatile.Read(ref _accepted) + (_listener.Pending() ? 1 : 0);

    public static ConnectionCounter Start(IPAddress address, int port = 0)
    {
        var listener = new TcpListener(address, port);
        listener.Start();
        return new ConnectionCounter(listener);
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                using TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
