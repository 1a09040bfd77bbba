using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Startup;

/// <summary>Brings the database to the current schema and the configured sources into the
/// <c>sources</c> table, before anything polls or serves.</summary>
public sealed partial class DatabaseStartup(
    DatabaseMigrator migrator,
    ISourceStore sources,
    IOptions<SourcesOptions> options,
    ILogger<DatabaseStartup> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        foreach (ConfiguredSource configured in options.Value.Sources)
        {
            var definition = new SourceDefinition
            {
                Url = configured.Url,
                Title = configured.Title,
                Tags = configured.Tags,
                Interval = configured.Interval,
                IsOrigin = configured.IsOrigin,
                Credits = configured.Credits,
            };
            FeedSource stored = await sources.UpsertAsync(definition, cancellationToken);
            LogUpserted(stored.Id, stored.Url);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Configured source {SourceId} {FeedUrl} is in the sources table")]
    private partial void LogUpserted(long sourceId, string feedUrl);
}

/// <summary>Runs <see cref="DatabaseStartup"/> as the first hosted service, so the scheduler and
/// the HTTP endpoints start against a migrated, seeded database.</summary>
internal sealed class DatabaseStartupService(DatabaseStartup startup) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => startup.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
