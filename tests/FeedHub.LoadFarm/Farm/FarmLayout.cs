using System.Net;

namespace FeedHub.LoadFarm.Farm;

/// <summary>Where the farm's feeds live: feed i on 127.0.0.(2 + i mod hosts), so FeedHub's
/// per-host limit sees several publishers as it would on the internet (all of 127/8 reaches the
/// loopback interface on Linux).</summary>
internal sealed record FarmLayout(int Feeds, int Hosts, int Port)
{
    public IPAddress Address(int host) => new([127, 0, (byte)((2 + host) / 256), (byte)((2 + host) % 256)]);

    public string Url(FarmFeed feed) => $"http://{Address(feed.Index % Hosts)}:{Port}{feed.Path}";

    public string Url(int feed) => $"http://{Address(feed % Hosts)}:{Port}{(feed % 5 == 4 ? $"/feeds/{feed}.atom" : $"/feeds/{feed}.xml")}";

    public string ControlUrl => $"http://{Address(0)}:{Port}/_farm";
}
