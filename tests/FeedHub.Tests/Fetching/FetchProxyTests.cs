using FeedHub.Ingestion.Fetching;

namespace FeedHub.Tests.Fetching;

public sealed class FetchProxyTests
{
    [Fact]
    public void Without_the_setting_or_the_variables_there_is_no_proxy()
    {
        FetchProxy proxy = FetchProxy.Create(new FetchOptions(), Environment());

        Assert.False(proxy.IsEnabled);
        Assert.Null(proxy.GetProxy(new Uri("https://mc.kalselprov.go.id/feed")));
    }

    [Fact]
    public void The_variables_name_a_proxy_per_scheme_the_lower_case_form_first_and_a_bare_host_is_http()
    {
        FetchProxy proxy = FetchProxy.Create(new FetchOptions(), Environment(
            ("HTTP_PROXY", "http://upper.pemda.example:8080"),
            ("http_proxy", "lower.pemda.example:3128"),
            ("HTTPS_PROXY", "http://secure.pemda.example:3129/")));

        Assert.Equal(new Uri("http://lower.pemda.example:3128/"), proxy.GetProxy(new Uri("http://news.example/feed")));
        Assert.Equal(new Uri("http://secure.pemda.example:3129/"), proxy.GetProxy(new Uri("https://news.example/feed")));
    }

    [Fact]
    public void No_proxy_covers_names_their_subdomains_addresses_ranges_and_everything_with_a_star()
    {
        FetchProxy proxy = FetchProxy.Create(new FetchOptions(), Environment(
            ("HTTPS_PROXY", "http://proxy.pemda.example:3128"),
            ("HTTP_PROXY", "http://proxy.pemda.example:3128"),
            ("no_proxy", " kalselprov.go.id, .intranet.example:8080, 10.20.0.0/16,[fd00::1], *.lokal ")));

        Assert.True(proxy.IsBypassed(new Uri("https://kalselprov.go.id/feed")));
        Assert.True(proxy.IsBypassed(new Uri("https://mc.kalselprov.go.id/feed")));
        Assert.False(proxy.IsBypassed(new Uri("https://notkalselprov.go.id/feed")));
        Assert.True(proxy.IsBypassed(new Uri("http://news.intranet.example/feed")));
        Assert.True(proxy.IsBypassed(new Uri("http://10.20.3.4/feed")));
        Assert.False(proxy.IsBypassed(new Uri("http://10.21.3.4/feed")));
        Assert.True(proxy.IsBypassed(new Uri("http://[fd00::1]/feed")));
        Assert.True(proxy.IsBypassed(new Uri("http://berita.lokal/feed")));
        Assert.False(proxy.IsBypassed(new Uri("https://antaranews.com/rss")));

        FetchProxy all = FetchProxy.Create(new FetchOptions(), Environment(("HTTP_PROXY", "proxy:3128"), ("NO_PROXY", "*")));
        Assert.Null(all.GetProxy(new Uri("http://antaranews.com/rss")));
    }

    [Fact]
    public void The_setting_wins_over_the_variables_for_both_schemes_with_its_own_bypass_list()
    {
        var options = new FetchOptions { Proxy = "http://proxy.kominfo.example:3128" };
        options.NoProxy.Add("intranet.example");

        FetchProxy proxy = FetchProxy.Create(options, Environment(("HTTPS_PROXY", "http://other:1"), ("NO_PROXY", "antaranews.com")));

        Assert.Equal(new Uri("http://proxy.kominfo.example:3128/"), proxy.GetProxy(new Uri("https://antaranews.com/rss")));
        Assert.Equal(new Uri("http://proxy.kominfo.example:3128/"), proxy.GetProxy(new Uri("http://antaranews.com/rss")));
        Assert.Null(proxy.GetProxy(new Uri("https://news.intranet.example/feed")));
        Assert.True(proxy.IsProxyEndpoint("proxy.kominfo.example", 3128));
        Assert.False(proxy.IsProxyEndpoint("proxy.kominfo.example", 80));
    }

    [Fact]
    public void User_info_becomes_proxy_credentials_and_never_part_of_the_proxy_url_or_a_message()
    {
        FetchProxy proxy = FetchProxy.Create(new FetchOptions { Proxy = "http://ops:s%40cret@proxy.example:3128" }, Environment());

        Assert.Equal(new Uri("http://proxy.example:3128/"), proxy.HttpProxy);
        Assert.Equal("s@cret", proxy.Credentials!.GetCredential(new Uri("http://proxy.example:3128/"), "Basic")!.Password);

        var bad = Assert.Throws<FormatException>(() => FetchProxy.Create(new FetchOptions(), Environment(("HTTPS_PROXY", "http://ops:hunter2@proxy.example:3128/path"))));
        Assert.DoesNotContain("hunter2", bad.Message, StringComparison.Ordinal);
        Assert.Contains("HTTPS_PROXY", bad.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("socks5://proxy.example:1080")]
    [InlineData("https://proxy.example:3128")]
    [InlineData("http://")]
    [InlineData("http://proxy.example:3128/some/path")]
    public void A_proxy_that_is_not_a_plain_http_proxy_url_is_refused(string value)
    {
        Assert.Throws<FormatException>(() => FetchProxy.Create(new FetchOptions { Proxy = value }, Environment()));
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
