using FeedHub.Publishing.Rendering;

namespace FeedHub.Tests.Publishing;

/// <summary>RFC 4151: a tag's authority is a DNS name (labels of letters, digits and inner dashes)
/// or an e-mail address; FeedHub uses lower-case DNS names.</summary>
public sealed class TagAuthorityTests
{
    [Theory]
    [InlineData("feeds.example", "feeds.example")]
    [InlineData("Feeds.Example.", "feeds.example")]
    [InlineData("WORKER_01", "worker-01")]
    [InlineData("-build-box-", "build-box")]
    [InlineData("ip-10-0-0-7.ap-southeast-3.compute.internal", "ip-10-0-0-7.ap-southeast-3.compute.internal")]
    [InlineData("berita.bañjar.example", "berita.xn--bajar-pta.example")]
    [InlineData("192.168.1.5", "192.168.1.5")]
    public void A_host_name_becomes_a_valid_authority(string host, string expected)
    {
        Assert.Equal(expected, TagAuthority.Normalize(host));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[::1]")]
    [InlineData("..")]
    [InlineData("___")]
    public void A_name_with_nothing_usable_gives_none(string host)
    {
        Assert.Null(TagAuthority.Normalize(host));
    }

    [Fact]
    public void The_public_base_url_names_the_authority_when_set_else_the_machine()
    {
        Assert.Equal("feeds.example", TagAuthority.Choose(new Uri("https://Feeds.Example:8443/news/")));
        Assert.Equal(TagAuthority.FromMachineName(), TagAuthority.Choose(null));
        Assert.Equal(TagAuthority.FromMachineName(), TagAuthority.Choose(new Uri("http://[::1]:5080/")));
        Assert.NotNull(TagAuthority.Normalize(TagAuthority.FromMachineName()));
    }
}
