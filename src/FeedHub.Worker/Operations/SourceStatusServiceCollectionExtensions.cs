using FeedHub.Worker.Operations.Status;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeedHub.Worker.Operations;

public static class SourceStatusServiceCollectionExtensions
{
    /// <summary>The source status read model with its options, for any host that shows source
    /// states (the worker's endpoints and metrics, admin commands).</summary>
    public static IServiceCollection AddFeedHubSourceStatus(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SourceStatusReport>();
        return services;
    }
}
