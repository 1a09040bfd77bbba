using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeedHub.Ingestion.Secrets;

public static class SecretsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="SecretProtector"/> with <see cref="SecretsOptions"/> bound from
    /// <see cref="SecretsOptions.SectionName"/> and checked at start (a key file that is set must be readable).</summary>
    public static IServiceCollection AddFeedHubSecrets(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SecretProtector>();
        return services;
    }
}
