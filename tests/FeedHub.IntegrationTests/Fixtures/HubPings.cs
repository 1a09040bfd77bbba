using System.Collections.Concurrent;

namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>What a WebSub hub served by <see cref="FixtureServer.MapHub"/> was told: each accepted
/// ping's <c>hub.mode</c> and <c>hub.url</c>, in arrival order, and how many calls it had in all
/// (refused ones included).</summary>
public sealed class HubPings
{
    private readonly ConcurrentQueue<(string Mode, string Url)> _pings = new();
    private int _calls;

    /// <summary>Every accepted ping, in arrival order.</summary>
    public IReadOnlyCollection<(string Mode, string Url)> All => [.. _pings];

    /// <summary>The feeds announced, one per accepted ping.</summary>
    public IReadOnlyList<string> Urls => [.. _pings.Select(ping => ping.Url)];

    /// <summary>Calls the hub had, refused ones included.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Counts the call; true when it is one of the first <paramref name="refuse"/>, to be
    /// answered with an error and not recorded.</summary>
    internal bool Refuses(int refuse) => Interlocked.Increment(ref _calls) <= refuse;

    internal void Accept(string mode, string url) => _pings.Enqueue((mode, url));
}
