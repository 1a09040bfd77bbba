using FeedHub.Core.Retention;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FeedHub.Administration.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>The <c>FeedHub:Retention</c> options (validated at start) and the <see cref="RetentionPurger"/>.
    /// Its store (<see cref="IRetentionStore"/>) is registered by the storage extensions.</summary>
    public static IServiceCollection AddFeedHubRetention(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        services.TryAddSingleton<RetentionPurger>();
        return services;
    }
}
