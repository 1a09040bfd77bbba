using System.ComponentModel.DataAnnotations;

namespace FeedHub.Ingestion.Secrets;

/// <summary>Where the key that encrypts per-source header values lives; bound from <c>FeedHub:Secrets</c>.</summary>
public sealed class SecretsOptions : IValidatableObject
{
    public const string SectionName = "FeedHub:Secrets";

    /// <summary>A file holding 32 random bytes as base64 (<c>openssl rand -base64 32</c>, or
    /// <c>admin new-secret-key</c>). Unset: header values are stored in clear.</summary>
    public string? KeyFile { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(KeyFile))
        {
            yield break;
        }

        string? problem = SecretKey.TryLoad(KeyFile, out _);
        if (problem is not null)
        {
            yield return new ValidationResult(problem, [nameof(KeyFile)]);
        }
    }
}
