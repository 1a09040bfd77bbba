using Microsoft.Extensions.Options;

namespace FeedHub.Storage;

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        List<string> failures = [];
        if (!StorageBackends.IsAvailable(options.Provider))
        {
            failures.Add(StorageBackends.NotAvailableMessage(options.Provider));
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{StorageOptions.SectionName}:ConnectionString is empty.");
        }
        else if (ConnectionStringCheck.Problem(options.Provider, options.ConnectionString) is { } problem)
        {
            failures.Add($"{StorageOptions.SectionName}:ConnectionString is not a valid {options.Provider} connection string: {problem}");
        }

        if (options.CommandTimeout <= TimeSpan.Zero || options.CommandTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{StorageOptions.SectionName}:CommandTimeout must be between 1 second and 1 hour, not {options.CommandTimeout}.");
        }

        if (options.WriteBatchWindow < TimeSpan.FromMilliseconds(1) || options.WriteBatchWindow > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{StorageOptions.SectionName}:WriteBatchWindow must be between 1 millisecond and 1 minute, not {options.WriteBatchWindow}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
