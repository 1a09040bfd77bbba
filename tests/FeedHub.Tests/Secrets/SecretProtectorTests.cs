using FeedHub.Ingestion.Secrets;
using Microsoft.Extensions.Options;

namespace FeedHub.Tests.Secrets;

public sealed class SecretProtectorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("feedhub-secrets-").FullName;

    private SecretProtector WithKeyFile(string? contents)
    {
        string? path = null;
        if (contents is not null)
        {
            path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".key");
            File.WriteAllText(path, contents);
        }

        return new SecretProtector(Options.Create(new SecretsOptions { KeyFile = path }));
    }

    [Fact]
    public void With_a_key_a_value_is_stored_encrypted_and_read_back()
    {
        SecretProtector protector = WithKeyFile(SecretKey.NewKeyFileText());

        string stored = protector.Protect("X-Api-Token", "rahasia-123");

        Assert.StartsWith("enc:v1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("rahasia", stored, StringComparison.Ordinal);
        Assert.NotEqual(stored, protector.Protect("X-Api-Token", "rahasia-123"));
        Assert.Equal("rahasia-123", protector.Unprotect("X-Api-Token", stored));
    }

    [Fact]
    public void Without_a_key_values_are_stored_in_clear_and_say_so()
    {
        SecretProtector protector = WithKeyFile(null);

        Assert.False(protector.Encrypts);
        Assert.Equal("plain:abc", protector.Protect("Cookie", "abc"));
        Assert.Equal("abc", protector.Unprotect("Cookie", "plain:abc"));
    }

    [Fact]
    public void A_missing_or_wrong_key_is_named_in_the_error()
    {
        SecretProtector writer = WithKeyFile(SecretKey.NewKeyFileText());
        string stored = writer.Protect("X-Api-Token", "rahasia-123");

        SecretUnavailableException missing = Assert.Throws<SecretUnavailableException>(() => WithKeyFile(null).Unprotect("X-Api-Token", stored));
        SecretUnavailableException wrong = Assert.Throws<SecretUnavailableException>(() => WithKeyFile(SecretKey.NewKeyFileText()).Unprotect("X-Api-Token", stored));

        Assert.Matches("^header X-Api-Token is encrypted with key [0-9a-f]{8}, but FeedHub:Secrets:KeyFile is not set$", missing.Message);
        Assert.Matches("^header X-Api-Token is encrypted with key [0-9a-f]{8}, but the configured key file holds key [0-9a-f]{8}$", wrong.Message);
    }

    [Fact]
    public void A_value_moved_to_another_header_or_altered_does_not_decrypt()
    {
        SecretProtector protector = WithKeyFile(SecretKey.NewKeyFileText());
        string stored = protector.Protect("X-Api-Token", "rahasia-123");
        char[] altered = stored.ToCharArray();
        altered[^5] = altered[^5] == 'A' ? 'B' : 'A';

        Assert.Contains("damaged", Assert.Throws<SecretUnavailableException>(() => protector.Unprotect("Cookie", stored)).Message, StringComparison.Ordinal);
        Assert.Contains("damaged", Assert.Throws<SecretUnavailableException>(() => protector.Unprotect("X-Api-Token", new string(altered))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all!", "does not hold base64")]
    [InlineData("AAAA", "holds 3 bytes; it must hold 32")]
    public void A_bad_key_file_is_refused_at_start_with_the_reason(string contents, string reason)
    {
        OptionsValidationException refused = Assert.Throws<OptionsValidationException>(() => WithKeyFile(contents));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_that_does_not_exist_fails_validation()
    {
        var options = new SecretsOptions { KeyFile = Path.Combine(_directory, "absent.key") };

        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains("cannot be read", Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
