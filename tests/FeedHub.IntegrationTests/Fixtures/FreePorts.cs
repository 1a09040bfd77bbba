using System.Net;
using System.Net.Sockets;

namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>A loopback port that is free at the time of asking, for a process the test starts and
/// that binds it a moment later (Kestrel's port 0 cannot be told to a child in advance).</summary>
internal static class FreePorts
{
    public static int Loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
