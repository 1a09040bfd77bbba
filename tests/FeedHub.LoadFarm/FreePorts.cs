using System.Net;
using System.Net.Sockets;

namespace FeedHub.LoadFarm;

/// <summary>A port free on an address at the time of asking; the process told to bind it (the farm,
/// a FeedHub worker) does so a moment later.</summary>
internal static class FreePorts
{
    public static int On(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
