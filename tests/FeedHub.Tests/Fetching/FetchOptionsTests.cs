using FeedHub.Ingestion.Fetching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedHub.Tests.Fetching;

public sealed class FetchOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_polite()
    {
        FetchOptions options = Resolve(new Dictionary<string, string?>());

        Assert.Equal(10 * 1024 * 1024, options.MaxResponseBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ConnectTimeout);
        Assert.Equal(5, options.MaxRedirects);
        Assert.False(options.AllowPrivateNetworks);
        Assert.Equal(8, options.MaxConcurrency);
        Assert.Equal(2, options.MaxConcurrencyPerHost);
        Assert.StartsWith("FeedHub/", options.UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public void Binds_from_the_configuration_section()
    {
        FetchOptions options = Resolve(new Dictionary<string, string?>
        {
            ["FeedHub:Fetch:MaxResponseBytes"] = "1048576",
            ["FeedHub:Fetch:Timeout"] = "00:00:05",
            ["FeedHub:Fetch:AllowedPrivateNetworks:0"] = "10.20.0.0/16",
        });

        Assert.Equal(1048576, options.MaxResponseBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
        Assert.Equal(["10.20.0.0/16"], options.AllowedPrivateNetworks);
    }

    [Theory]
    [InlineData("FeedHub:Fetch:MaxResponseBytes", "0", "MaxResponseBytes")]
    [InlineData("FeedHub:Fetch:Timeout", "00:00:00", "Timeout")]
    [InlineData("FeedHub:Fetch:MaxConcurrency", "0", "MaxConcurrency")]
    [InlineData("FeedHub:Fetch:MaxConcurrencyPerHost", "0", "MaxConcurrencyPerHost")]
    [InlineData("FeedHub:Fetch:MaxRedirects", "-1", "MaxRedirects")]
    [InlineData("FeedHub:Fetch:UserAgent", "", "UserAgent")]
    [InlineData("FeedHub:Fetch:AllowedPrivateNetworks:0", "intranet", "AllowedPrivateNetworks")]
    [InlineData("FeedHub:Fetch:Contact", "call the ops team", "Contact")]
    [InlineData("FeedHub:Fetch:Proxy", "socks5://proxy.example:1080", "Proxy")]
    [InlineData("FeedHub:Fetch:Contact", "ftp://ops.example/", "Contact")]
    [InlineData("FeedHub:Fetch:Contact", "ops@example (night)", "Contact")]
    [InlineData("FeedHub:Fetch:MaxItemsPerFeed", "0", "MaxItemsPerFeed")]
    public void Rejects_invalid_settings(string key, string value, string member)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(member, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_agent_set_by_the_operator_is_sent_as_it_is()
    {
        FetchOptions options = Resolve(new Dictionary<string, string?>
        {
            ["FeedHub:Fetch:UserAgent"] = "KominfoBot/2.0",
            ["FeedHub:Fetch:Contact"] = "ops@kominfo.example",
        });

        Assert.Equal("KominfoBot/2.0", options.UserAgent);
    }

    private static FetchOptions Resolve(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddFeedHubFetching();
        services.Configure<FetchOptions>(configuration.GetSection(FetchOptions.SectionName));
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<FetchOptions>>().Value;
    }
}
