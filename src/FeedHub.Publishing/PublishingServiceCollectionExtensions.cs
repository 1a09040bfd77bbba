using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FeedHub.Publishing;

public static class PublishingServiceCollectionExtensions
{
    /// <summary>The named HTTP client hub notifications go out on, for the host to give its
    /// primary handler (the outbound proxy).</summary>
    public const string WebSubHttpClientName = WebSubNotifier.HttpClientName;

    /// <summary>Options (<c>FeedHub:Publishing</c>, <c>FeedHub:Channels</c>), the renderer and its
    /// cache, and the background publisher for WebSub and static export.</summary>
    public static IHostApplicationBuilder AddFeedHubPublishing(this IHostApplicationBuilder builder)
    {
        IServiceCollection services = builder.Services;
        services.AddOptions<PublishingOptions>().BindConfiguration(PublishingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PublishingOptions>, PublishingOptionsValidator>();
        services.AddOptions<ChannelOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(ChannelOptions.Section).Bind(options.Channels))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChannelOptions>, ChannelOptionsValidator>();

        services.AddMetrics();
        services.AddSingleton<PublishingMetrics>();
        services.AddSingleton<ChangeVersionGate>();
        services.AddSingleton<RenderCache>();
        services.AddSingleton<TagAuthority>();
        services.AddHostedService<TagAuthorityStartup>();
        services.AddSingleton<FeedRenderer>();
        services.AddSingleton<ArchiveRenderer>();
        services.AddSingleton<StaticFeedExporter>();
        services.AddSingleton<WebSubNotifier>();
        services.AddHttpClient(WebSubNotifier.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(15);
            client.DefaultRequestHeaders.UserAgent.ParseAdd("FeedHub-WebSub/1.0");
        });
        services.TryAddSingleton<IPublishingLease, SoleWorkerLease>();
        services.AddHostedService<PublishedFeedWatcher>();
        return builder;
    }
}
