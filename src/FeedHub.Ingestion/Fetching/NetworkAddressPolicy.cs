using System.Net;
using System.Net.Sockets;

namespace FeedHub.Ingestion.Fetching;

/// <summary>Decides which IP addresses a fetch may connect to: public unicast only, unless private
/// networks are allowed (wholly, or as listed exceptions). Cloud metadata addresses stay refused
/// either way unless listed one by one. Addresses that embed an IPv4 address (IPv4-mapped, NAT64,
/// 6to4) are judged by the address they lead to.</summary>
public sealed class NetworkAddressPolicy
{
    private static readonly (IPNetwork Network, string Kind)[] DeniedV4 =
    [
        (IPNetwork.Parse("0.0.0.0/32"), "an unspecified"),
        (IPNetwork.Parse("0.0.0.0/8"), "a 'this network'"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (CGNAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved (IETF protocol)"),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation"),
        (IPNetwork.Parse("192.88.99.0/24"), "a reserved (6to4 relay)"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast"),
        (IPNetwork.Parse("255.255.255.255/32"), "the broadcast"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved"),
    ];

    private static readonly (IPNetwork Network, string Kind)[] DeniedV6 =
    [
        (IPNetwork.Parse("::/128"), "an unspecified"),
        (IPNetwork.Parse("::1/128"), "a loopback"),
        (IPNetwork.Parse("::/96"), "a deprecated IPv4-compatible"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "a local-use NAT64"),
        (IPNetwork.Parse("100::/64"), "a discard-only"),
        (IPNetwork.Parse("2001::/32"), "a Teredo"),
        (IPNetwork.Parse("2001:2::/48"), "a benchmarking"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local (private)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local"),
        (IPNetwork.Parse("fec0::/10"), "a site-local"),
        (IPNetwork.Parse("ff00::/8"), "a multicast"),
    ];

    // Instance metadata services (AWS, AWS over IPv6, Alibaba, ECS task credentials) hand out the
    // machine's cloud credentials to anyone who can reach them.
    private static readonly IPAddress[] CloudMetadata =
    [
        IPAddress.Parse("169.254.169.254"),
        IPAddress.Parse("fd00:ec2::254"),
        IPAddress.Parse("100.100.100.200"),
        IPAddress.Parse("169.254.170.2"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");

    private readonly IReadOnlyList<IPNetwork> _allowedPrivateNetworks;

    public NetworkAddressPolicy(bool allowPrivateNetworks, IEnumerable<IPNetwork>? allowedPrivateNetworks = null)
    {
        AllowsPrivateNetworks = allowPrivateNetworks;
        _allowedPrivateNetworks = allowedPrivateNetworks?.ToArray() ?? [];
    }

    /// <summary>Public addresses only: the default.</summary>
    public static NetworkAddressPolicy PublicOnly { get; } = new(allowPrivateNetworks: false);

    /// <summary>Every address but the cloud metadata ones (tests and intranets).</summary>
    public static NetworkAddressPolicy AllowAll { get; } = new(allowPrivateNetworks: true);

    public bool AllowsPrivateNetworks { get; }

    public static NetworkAddressPolicy FromOptions(FetchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new NetworkAddressPolicy(options.AllowPrivateNetworks, options.ParseAllowedPrivateNetworks());
    }

    /// <summary>Null when a fetch may connect to <paramref name="address"/>; otherwise one line saying
    /// why not, e.g. "127.0.0.1 is a loopback address".</summary>
    public string? GetRefusalReason(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!AllowsPrivateNetworks)
        {
            string? reason = DescribeNonPublic(address);
            if (reason is not null && !IsExplicitlyAllowed(address))
            {
                return reason;
            }
        }

        // Intranet deployments turn private networks on; on a cloud VM that would also hand the
        // instance's credentials to whoever can add a source, so only an entry naming the metadata
        // address itself opens it, never a range that happens to contain it.
        IPAddress? metadata = MetadataTarget(address);
        if (metadata is not null && !IsListedByItself(metadata))
        {
            string what = metadata.Equals(address) ? "is" : $"leads to {metadata},";
            return $"{address} {what} a cloud metadata address (allowed only when {nameof(FetchOptions.AllowedPrivateNetworks)} lists it by itself)";
        }

        return null;
    }

    /// <summary>True when <paramref name="address"/> is, or leads to, a cloud instance metadata service.</summary>
    public static bool IsCloudMetadata(IPAddress address) => MetadataTarget(address) is not null;

    /// <summary>True when <paramref name="address"/> is public unicast, whatever the options say.</summary>
    public static bool IsPublic(IPAddress address) => DescribeNonPublic(address) is null;

    /// <summary>Parses "10.0.0.0/8" or a bare address (taken as a single-address network).</summary>
    public static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text, out IPAddress? single))
        {
            network = new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    private bool IsListedByItself(IPAddress address) =>
        _allowedPrivateNetworks.Any(network =>
            network.PrefixLength == (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
            && Plain(network.BaseAddress).Equals(address));

    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private bool IsExplicitlyAllowed(IPAddress address)
    {
        IPAddress plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _allowedPrivateNetworks.Any(network => network.Contains(plain));
    }

    private static IPAddress? MetadataTarget(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        foreach (IPAddress target in Destinations(address))
        {
            if (CloudMetadata.Contains(target))
            {
                return target;
            }
        }

        return null;
    }

    /// <summary>The address itself and the IPv4 address it leads to, if it embeds one.</summary>
    private static IEnumerable<IPAddress> Destinations(IPAddress address)
    {
        yield return address;
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            yield break;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            yield return address.MapToIPv4();
        }
        else if (Nat64.Contains(address))
        {
            yield return new IPAddress(address.GetAddressBytes().AsSpan(12, 4));
        }
        else if (SixToFour.Contains(address))
        {
            yield return new IPAddress(address.GetAddressBytes().AsSpan(2, 4));
        }
    }

    private static string? DescribeNonPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            string? kind = KindOf(address, DeniedV4);
            return kind is null ? null : $"{address} is {kind} address";
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return $"{address} is not an IP address";
        }

        // An address that leads to an IPv4 address is exactly as dangerous as that IPv4 address.
        if (address.IsIPv4MappedToIPv6)
        {
            return DescribeEmbedded(address, address.MapToIPv4(), "maps to");
        }

        byte[] bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return DescribeEmbedded(address, new IPAddress(bytes.AsSpan(12, 4)), "embeds");
        }

        if (SixToFour.Contains(address))
        {
            return DescribeEmbedded(address, new IPAddress(bytes.AsSpan(2, 4)), "embeds");
        }

        string? v6Kind = KindOf(address, DeniedV6);
        if (v6Kind is not null)
        {
            return $"{address} is {v6Kind} address";
        }

        return GlobalUnicastV6.Contains(address) ? null : $"{address} is a reserved address";
    }

    private static string? DescribeEmbedded(IPAddress outer, IPAddress inner, string relation)
    {
        string? kind = KindOf(inner, DeniedV4);
        return kind is null ? null : $"{outer} {relation} {inner}, {kind} address";
    }

    private static string? KindOf(IPAddress address, (IPNetwork Network, string Kind)[] table)
    {
        foreach ((IPNetwork network, string kind) in table)
        {
            if (network.Contains(address))
            {
                return kind;
            }
        }

        return null;
    }
}
