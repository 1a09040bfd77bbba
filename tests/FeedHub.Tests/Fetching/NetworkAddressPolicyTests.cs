using System.Net;
using FeedHub.Ingestion.Fetching;

namespace FeedHub.Tests.Fetching;

public sealed class NetworkAddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1 is a loopback address")]
    [InlineData("127.255.255.254", "127.255.255.254 is a loopback address")]
    [InlineData("10.0.0.1", "10.0.0.1 is a private address")]
    [InlineData("172.16.0.1", "172.16.0.1 is a private address")]
    [InlineData("172.31.255.255", "172.31.255.255 is a private address")]
    [InlineData("192.168.1.1", "192.168.1.1 is a private address")]
    [InlineData("169.254.169.254", "169.254.169.254 is a link-local address")]
    [InlineData("100.64.0.1", "100.64.0.1 is a shared (CGNAT) address")]
    [InlineData("100.127.255.255", "100.127.255.255 is a shared (CGNAT) address")]
    [InlineData("0.0.0.0", "0.0.0.0 is an unspecified address")]
    [InlineData("0.1.2.3", "0.1.2.3 is a 'this network' address")]
    [InlineData("224.0.0.1", "224.0.0.1 is a multicast address")]
    [InlineData("239.255.255.250", "239.255.255.250 is a multicast address")]
    [InlineData("240.0.0.1", "240.0.0.1 is a reserved address")]
    [InlineData("255.255.255.255", "255.255.255.255 is the broadcast address")]
    [InlineData("192.0.0.170", "192.0.0.170 is a reserved (IETF protocol) address")]
    [InlineData("198.18.0.1", "198.18.0.1 is a benchmarking address")]
    [InlineData("198.19.255.255", "198.19.255.255 is a benchmarking address")]
    [InlineData("192.0.2.10", "192.0.2.10 is a documentation address")]
    [InlineData("::", ":: is an unspecified address")]
    [InlineData("::1", "::1 is a loopback address")]
    [InlineData("fd00::1", "fd00::1 is a unique-local (private) address")]
    [InlineData("fc00::1", "fc00::1 is a unique-local (private) address")]
    [InlineData("fe80::1", "fe80::1 is a link-local address")]
    [InlineData("febf::1", "febf::1 is a link-local address")]
    [InlineData("fec0::1", "fec0::1 is a site-local address")]
    [InlineData("ff02::1", "ff02::1 is a multicast address")]
    [InlineData("::ffff:127.0.0.1", "::ffff:127.0.0.1 maps to 127.0.0.1, a loopback address")]
    [InlineData("::ffff:169.254.169.254", "::ffff:169.254.169.254 maps to 169.254.169.254, a link-local address")]
    [InlineData("::ffff:10.1.2.3", "::ffff:10.1.2.3 maps to 10.1.2.3, a private address")]
    [InlineData("::ffff:0.0.0.0", "::ffff:0:0 maps to 0.0.0.0, an unspecified address")]
    [InlineData("64:ff9b::a9fe:a9fe", "64:ff9b::a9fe:a9fe embeds 169.254.169.254, a link-local address")]
    [InlineData("64:ff9b::7f00:1", "64:ff9b::7f00:1 embeds 127.0.0.1, a loopback address")]
    [InlineData("64:ff9b::a00:1", "64:ff9b::a00:1 embeds 10.0.0.1, a private address")]
    [InlineData("64:ff9b:1::1", "64:ff9b:1::1 is a local-use NAT64 address")]
    [InlineData("2002:7f00:1::1", "2002:7f00:1::1 embeds 127.0.0.1, a loopback address")]
    [InlineData("2002:c0a8:101::1", "2002:c0a8:101::1 embeds 192.168.1.1, a private address")]
    [InlineData("2002:a9fe:a9fe::", "2002:a9fe:a9fe:: embeds 169.254.169.254, a link-local address")]
    [InlineData("::127.0.0.1", "::127.0.0.1 is a deprecated IPv4-compatible address")]
    [InlineData("2001:db8::1", "2001:db8::1 is a documentation address")]
    [InlineData("2001:0:4136:e378::1", "2001:0:4136:e378::1 is a Teredo address")]
    [InlineData("100::1", "100::1 is a discard-only address")]
    [InlineData("4000::1", "4000::1 is a reserved address")]
    public void Refuses_non_public_addresses_with_a_reason(string address, string reason)
    {
        IPAddress ip = IPAddress.Parse(address);

        Assert.Equal(reason, NetworkAddressPolicy.PublicOnly.GetRefusalReason(ip));
        Assert.False(NetworkAddressPolicy.IsPublic(ip));
        if (NetworkAddressPolicy.IsCloudMetadata(ip))
        {
            // Allowing private networks never opens the metadata services; see the tests below.
            Assert.NotNull(NetworkAddressPolicy.AllowAll.GetRefusalReason(ip));
        }
        else
        {
            Assert.Null(NetworkAddressPolicy.AllowAll.GetRefusalReason(ip));
        }
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    [InlineData("100.100.100.200")]
    [InlineData("169.254.170.2")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:a9fe:a9fe::")]
    [InlineData("::ffff:100.100.100.200")]
    public void Cloud_metadata_addresses_stay_refused_when_private_networks_are_allowed(string address)
    {
        IPAddress ip = IPAddress.Parse(address);

        string? reason = NetworkAddressPolicy.AllowAll.GetRefusalReason(ip);

        Assert.NotNull(reason);
        Assert.Contains("cloud metadata", reason, StringComparison.Ordinal);
        Assert.NotNull(NetworkAddressPolicy.PublicOnly.GetRefusalReason(ip));
    }

    [Theory]
    [InlineData("169.254.169.254", "169.254.0.0/16")]
    [InlineData("169.254.169.254", "169.254.169.0/24")]
    [InlineData("169.254.169.254", "0.0.0.0/0")]
    [InlineData("169.254.170.2", "169.254.0.0/16")]
    [InlineData("100.100.100.200", "100.64.0.0/10")]
    [InlineData("fd00:ec2::254", "fd00::/8")]
    [InlineData("fd00:ec2::254", "fd00:ec2::/64")]
    [InlineData("fd00:ec2::254", "::/0")]
    [InlineData("::ffff:169.254.169.254", "169.254.0.0/16")]
    public void A_range_that_merely_contains_a_metadata_address_does_not_allow_it(string address, string range)
    {
        Assert.True(NetworkAddressPolicy.TryParseNetwork(range, out IPNetwork network));
        IPAddress ip = IPAddress.Parse(address);

        Assert.NotNull(new NetworkAddressPolicy(allowPrivateNetworks: true, [network]).GetRefusalReason(ip));
        Assert.NotNull(new NetworkAddressPolicy(allowPrivateNetworks: false, [network]).GetRefusalReason(ip));
    }

    [Theory]
    [InlineData("169.254.169.254", "169.254.169.254/32")]
    [InlineData("169.254.169.254", "169.254.169.254")]
    [InlineData("169.254.170.2", "169.254.170.2/32")]
    [InlineData("100.100.100.200", "100.100.100.200")]
    [InlineData("fd00:ec2::254", "fd00:ec2::254/128")]
    [InlineData("fd00:ec2::254", "fd00:ec2::254")]
    public void A_metadata_address_listed_by_itself_is_allowed(string address, string entry)
    {
        Assert.True(NetworkAddressPolicy.TryParseNetwork(entry, out IPNetwork network));
        IPAddress ip = IPAddress.Parse(address);

        Assert.Null(new NetworkAddressPolicy(allowPrivateNetworks: true, [network]).GetRefusalReason(ip));
        Assert.Null(new NetworkAddressPolicy(allowPrivateNetworks: false, [network]).GetRefusalReason(ip));
    }

    [Fact]
    public void Listing_one_metadata_address_does_not_open_the_others()
    {
        Assert.True(NetworkAddressPolicy.TryParseNetwork("169.254.169.254/32", out IPNetwork aws));
        var policy = new NetworkAddressPolicy(allowPrivateNetworks: true, [aws]);

        Assert.NotNull(policy.GetRefusalReason(IPAddress.Parse("169.254.170.2")));
        Assert.NotNull(policy.GetRefusalReason(IPAddress.Parse("100.100.100.200")));
        Assert.NotNull(policy.GetRefusalReason(IPAddress.Parse("fd00:ec2::254")));
        Assert.Null(policy.GetRefusalReason(IPAddress.Parse("169.254.169.253")));
        Assert.Null(policy.GetRefusalReason(IPAddress.Parse("10.0.0.1")));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fd00:ec2::254]/")]
    [InlineData("http://100.100.100.200/latest/meta-data/")]
    [InlineData("http://169.254.170.2/v2/credentials")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/")]
    [InlineData("http://2852039166/")]
    public void Source_urls_naming_a_metadata_address_are_refused_even_with_private_networks_allowed(string url)
    {
        (Uri? uri, string? error) = SourceUrlPolicy.Validate(url, allowPrivate: true);

        Assert.Null(uri);
        Assert.StartsWith("refused: ", error, StringComparison.Ordinal);
        Assert.Contains("cloud metadata", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("[fd00:ec2::254]")]
    [InlineData("100.100.100.200")]
    [InlineData("169.254.170.2")]
    [InlineData("[::ffff:169.254.169.254]")]
    public async Task The_connect_step_refuses_metadata_addresses_with_private_networks_allowed(string host)
    {
        var guard = new SsrfGuard(NetworkAddressPolicy.AllowAll);

        AddressRefusedException refused = await Assert.ThrowsAsync<AddressRefusedException>(
            () => guard.ResolveAsync(host, TestContext.Current.CancellationToken));

        Assert.Contains("cloud metadata", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connect_step_allows_a_metadata_address_listed_by_itself()
    {
        Assert.True(NetworkAddressPolicy.TryParseNetwork("169.254.169.254/32", out IPNetwork aws));
        var guard = new SsrfGuard(new NetworkAddressPolicy(allowPrivateNetworks: true, [aws]));

        IReadOnlyList<IPAddress> addresses = await guard.ResolveAsync("169.254.169.254", TestContext.Current.CancellationToken);

        Assert.Equal([IPAddress.Parse("169.254.169.254")], addresses);
    }

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.167.255.255")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.0")]
    [InlineData("223.255.255.255")]
    [InlineData("103.10.20.30")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2404:6800:4003:c00::8a")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void Allows_public_addresses(string address)
    {
        IPAddress ip = IPAddress.Parse(address);

        Assert.Null(NetworkAddressPolicy.PublicOnly.GetRefusalReason(ip));
        Assert.True(NetworkAddressPolicy.IsPublic(ip));
    }

    [Fact]
    public void Listed_private_networks_are_allowed_and_nothing_else_is()
    {
        Assert.True(NetworkAddressPolicy.TryParseNetwork("10.20.0.0/16", out IPNetwork intranet));
        Assert.True(NetworkAddressPolicy.TryParseNetwork("127.0.0.1", out IPNetwork single));
        var policy = new NetworkAddressPolicy(allowPrivateNetworks: false, [intranet, single]);

        Assert.Null(policy.GetRefusalReason(IPAddress.Parse("10.20.3.4")));
        Assert.Null(policy.GetRefusalReason(IPAddress.Parse("127.0.0.1")));
        Assert.Null(policy.GetRefusalReason(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.Equal("10.21.0.1 is a private address", policy.GetRefusalReason(IPAddress.Parse("10.21.0.1")));
        Assert.Equal("127.0.0.2 is a loopback address", policy.GetRefusalReason(IPAddress.Parse("127.0.0.2")));
        Assert.Equal("::1 is a loopback address", policy.GetRefusalReason(IPAddress.Parse("::1")));
        Assert.NotNull(policy.GetRefusalReason(IPAddress.Parse("169.254.169.254")));
    }

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("fd00::/8", true)]
    [InlineData("192.168.1.5", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("intranet.local", false)]
    [InlineData("", false)]
    public void Parses_networks_and_single_addresses(string text, bool valid)
    {
        Assert.Equal(valid, NetworkAddressPolicy.TryParseNetwork(text, out _));
    }
}
