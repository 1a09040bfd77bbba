using FeedHub.Storage;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Scheduling;

/// <summary>A cluster shares one database between processes; SQLite is a file for one process,
/// so asking for both is refused at start rather than left to fail under load.</summary>
internal sealed class ClusteredSchedulingValidator(IOptions<StorageOptions> storage) : IValidateOptions<FeedSchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedSchedulingOptions options)
    {
        if (options.Clustered && storage.Value.Provider == StorageProvider.Sqlite)
        {
            return ValidateOptionsResult.Fail(
                $"{FeedSchedulingOptions.Section}:Clustered needs a server database: set {StorageOptions.SectionName}:Provider to Postgres or SqlServer (SQLite serves one worker process).");
        }

        return ValidateOptionsResult.Success;
    }
}
