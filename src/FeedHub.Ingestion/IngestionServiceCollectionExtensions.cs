using FeedHub.Ingestion.Fetching;
using FeedHub.Ingestion.Normalizing;
using FeedHub.Ingestion.Parsing;
using FeedHub.Ingestion.Refreshing;
using FeedHub.Ingestion.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedHub.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>The stages of a refresh and the orchestrator that runs them; fetch options bind
    /// from <see cref="FetchOptions.SectionName"/>.</summary>
    public static IServiceCollection AddFeedHubIngestion(this IServiceCollection services)
    {
        services.AddOptions<FetchOptions>().BindConfiguration(FetchOptions.SectionName);
        services.AddFeedHubFetching();
        services.AddFeedHubSecrets();
        services.AddSingleton<IFeedParser>(new FeedParser());
        services.AddSingleton<HtmlContentSanitizer>();
        services.AddSingleton<IItemNormalizer>(sp => new ItemNormalizer(
            sp.GetRequiredService<HtmlContentSanitizer>(),
            sp.GetRequiredService<IOptions<FetchOptions>>().Value.MaxItemsPerFeed));
        services.AddSingleton(sp => new RawEntryHash(sp.GetRequiredService<IItemNormalizer>()));
        services.AddSingleton<DocumentHash>();
        services.AddTransient<ChangedEntries>();
        services.AddMetrics();
        services.AddSingleton<RefreshMetrics>();
        services.AddTransient<FeedRefresher>();
        services.AddTransient<RefreshBatch>();
        return services;
    }
}
