using System.ComponentModel.DataAnnotations;
using FeedHub.Worker.AdminApi.Auth;

namespace FeedHub.Worker.AdminApi;

/// <summary>Section <c>FeedHub:Admin</c>.</summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string Section = "FeedHub:Admin";

    /// <summary>Key id → hash of the key (<c>sha256:&lt;hex&gt;</c>, printed by <c>admin hash-key</c>).
    /// The id names the actor in the audit log. No keys: the admin API answers 401 to everyone.</summary>
    public Dictionary<string, string> ApiKeys { get; set; } = [];

    public AdminRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Largest OPML document the import endpoint reads.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxImportBytes { get; set; } = 4 * 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach ((string id, string hash) in ApiKeys)
        {
            if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || id.Any(char.IsControl))
            {
                yield return new ValidationResult($"API key id '{id}' must be 1 to 64 printable characters.", [nameof(ApiKeys)]);
            }

            if (!ApiKeyHash.TryParse(hash, out _))
            {
                // The value itself stays out of the message: someone may have pasted the key.
                yield return new ValidationResult(
                    $"{Section}:ApiKeys:{id} is not a key hash; run 'FeedHub.Worker admin hash-key KEY' and use the value it prints.",
                    [nameof(ApiKeys)]);
            }
        }

        foreach (ValidationResult result in RateLimit.Validate())
        {
            yield return result;
        }
    }
}

/// <summary>Section <c>FeedHub:Admin:RateLimit</c>: a fixed window per API key (per client address
/// for requests without a valid key).</summary>
public sealed class AdminRateLimitOptions
{
    public int PermitLimit { get; set; } = 60;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    internal IEnumerable<ValidationResult> Validate()
    {
        if (PermitLimit is < 1 or > 1_000_000)
        {
            yield return new ValidationResult($"{AdminOptions.Section}:RateLimit:PermitLimit must be from 1 to 1000000 (was {PermitLimit}).");
        }

        if (Window < TimeSpan.FromMilliseconds(100) || Window > TimeSpan.FromHours(24))
        {
            yield return new ValidationResult($"{AdminOptions.Section}:RateLimit:Window must be from 00:00:00.1 to 1.00:00:00 (was {Window}).");
        }
    }
}
