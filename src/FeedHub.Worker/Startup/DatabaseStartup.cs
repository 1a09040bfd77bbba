using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Startup;

/// <summary>Brings the database to the current schema and the configured sources into the
/// <c>sources</c> table, before anything polls or serves. The table wins: see
/// <see cref="ConfiguredSeeding"/> for what a start adds or changes.</summary>
public sealed partial class DatabaseStartup(
    DatabaseMigrator migrator,
    IConfiguredSourceStore configuredSources,
    IOptions<SourcesOptions> options,
    ILogger<DatabaseStartup> logger)
{
    /// <summary>The audit log's actor for changes made from the configuration file.</summary>
    public const string ConfigActor = "config";

    private volatile bool _initialized;

    /// <summary>Resolves the storage services and initializes the database, turning any failure to
    /// reach or use it (the services themselves may fail on a path that cannot be created) into a
    /// <see cref="DatabaseUnavailableException"/> that names the database.</summary>
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<DatabaseStartup>().InitializeAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OptionsValidationException or DatabaseUnavailableException))
        {
            throw Unavailable(services.GetRequiredService<IOptions<StorageOptions>>().Value, ex);
        }
    }

    /// <summary>Migrates and seeds once; the worker's hosted service finds it done when the command
    /// line ran it before starting the host.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await migrator.MigrateAsync(cancellationToken);
        SourceDefinition[] configured = [.. options.Value.Sources.Select(source => new SourceDefinition
        {
            Url = source.Url.Trim(),
            Title = string.IsNullOrWhiteSpace(source.Title) ? null : source.Title.Trim(),
            Tags = source.Tags,
            Interval = source.Interval,
            IsOrigin = source.IsOrigin,
            Credits = source.Credits,
        })];
        // Nothing configured plans nothing: skip the write transaction and the read of the whole
        // catalogue it plans against (half a second at 10,000 sources, at every command's start).
        IReadOnlyList<SeedStep> steps = configured.Length == 0 ? [] : await configuredSources.SeedAsync(
            state => ConfiguredSeeding.Plan(configured, state), ConfigActor, cancellationToken);
        foreach (SeedStep step in steps)
        {
            switch (step.Action)
            {
                case SeedAction.Add:
                case SeedAction.Apply:
                    LogChanged(step.Action, step.SourceId, step.Configured.Url, step.Details);
                    break;
                case SeedAction.SkipRemoved:
                    LogRemoved(step.SourceId, step.Configured.Url);
                    break;
                default:
                    LogUnchanged(step.Action, step.SourceId, step.Configured.Url);
                    break;
            }
        }

        _initialized = true;
    }

    private static DatabaseUnavailableException Unavailable(StorageOptions storage, Exception exception) =>
        new($"Unable to use the database {DatabaseFault.Describe(storage, exception)}", exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configured source {SourceId} {FeedUrl}: {SeedAction} ({Details})")]
    private partial void LogChanged(SeedAction seedAction, long? sourceId, string feedUrl, string details);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configured source {SourceId} {FeedUrl} was removed by an admin; it is not added again")]
    private partial void LogRemoved(long? sourceId, string feedUrl);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Configured source {SourceId} {FeedUrl}: {SeedAction}")]
    private partial void LogUnchanged(SeedAction seedAction, long? sourceId, string feedUrl);
}

/// <summary>Runs <see cref="DatabaseStartup"/> as the first hosted service, so the scheduler and
/// the HTTP endpoints start against a migrated, seeded database.</summary>
internal sealed class DatabaseStartupService(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => DatabaseStartup.InitializeAsync(services, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
