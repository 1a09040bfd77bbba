using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FeedHub.Ingestion.Secrets;

/// <summary>Encrypts per-source header values for storage with AES-256-GCM under the key of
/// <see cref="SecretsOptions.KeyFile"/>, and decrypts them for a fetch or an export that asks for
/// secrets. Stored forms: <c>enc:v1:KEYID:BASE64(nonce|ciphertext|tag)</c>, or <c>plain:VALUE</c> when
/// no key is configured. The header name is authenticated with the value, so a value cannot be moved
/// to another header unnoticed.</summary>
public sealed class SecretProtector
{
    private const string EncryptedPrefix = "enc:v1:";
    private const string PlainPrefix = "plain:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly SecretKey? _key;

    public SecretProtector(IOptions<SecretsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? file = options.Value.KeyFile;
        if (!string.IsNullOrWhiteSpace(file))
        {
            string? problem = SecretKey.TryLoad(file, out _key);
            if (problem is not null)
            {
                throw new OptionsValidationException(SecretsOptions.SectionName, typeof(SecretsOptions), [$"{SecretsOptions.SectionName}:{nameof(SecretsOptions.KeyFile)}: {problem}"]);
            }
        }
    }

    /// <summary>True when values are encrypted at rest.</summary>
    public bool Encrypts => _key is not null;

    public string Protect(string headerName, string value)
    {
        ArgumentNullException.ThrowIfNull(headerName);
        ArgumentNullException.ThrowIfNull(value);
        if (_key is null)
        {
            return PlainPrefix + value;
        }

        byte[] plain = Encoding.UTF8.GetBytes(value);
        byte[] sealedValue = new byte[NonceBytes + plain.Length + TagBytes];
        Span<byte> nonce = sealedValue.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key.Key, TagBytes);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceBytes, plain.Length), sealedValue.AsSpan(NonceBytes + plain.Length), Associated(headerName));
        return $"{EncryptedPrefix}{_key.Id}:{Convert.ToBase64String(sealedValue)}";
    }

    /// <summary>The value in clear. Throws <see cref="SecretUnavailableException"/> with a sentence an
    /// operator can act on when the key is missing, another one, or the value was tampered with.</summary>
    public string Unprotect(string headerName, string stored)
    {
        ArgumentNullException.ThrowIfNull(headerName);
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.StartsWith(PlainPrefix, StringComparison.Ordinal))
        {
            return stored[PlainPrefix.Length..];
        }

        if (!stored.StartsWith(EncryptedPrefix, StringComparison.Ordinal))
        {
            throw new SecretUnavailableException($"the stored value of header {headerName} is in an unknown form");
        }

        string rest = stored[EncryptedPrefix.Length..];
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        string keyId = colon > 0 ? rest[..colon] : "?";
        if (_key is null)
        {
            throw new SecretUnavailableException(
                $"header {headerName} is encrypted with key {keyId}, but {SecretsOptions.SectionName}:{nameof(SecretsOptions.KeyFile)} is not set");
        }

        if (!string.Equals(keyId, _key.Id, StringComparison.Ordinal))
        {
            throw new SecretUnavailableException(
                $"header {headerName} is encrypted with key {keyId}, but the configured key file holds key {_key.Id}");
        }

        try
        {
            byte[] sealedValue = Convert.FromBase64String(rest[(colon + 1)..]);
            int length = sealedValue.Length - NonceBytes - TagBytes;
            byte[] plain = new byte[Math.Max(0, length)];
            using var aes = new AesGcm(_key.Key, TagBytes);
            aes.Decrypt(sealedValue.AsSpan(0, NonceBytes), sealedValue.AsSpan(NonceBytes, length), sealedValue.AsSpan(NonceBytes + length), plain, Associated(headerName));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or ArgumentException)
        {
            throw new SecretUnavailableException($"header {headerName} cannot be decrypted with key {_key.Id}: the stored value is damaged");
        }
    }

    /// <summary>Every value of <paramref name="stored"/> in clear (see <see cref="Unprotect"/>).</summary>
    public IReadOnlyDictionary<string, string> UnprotectAll(IReadOnlyDictionary<string, string> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.ToDictionary(h => h.Key, h => Unprotect(h.Key, h.Value), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every value of <paramref name="clear"/> in its stored form.</summary>
    public IReadOnlyDictionary<string, string> ProtectAll(IReadOnlyDictionary<string, string> clear)
    {
        ArgumentNullException.ThrowIfNull(clear);
        return clear.ToDictionary(h => h.Key, h => Protect(h.Key, h.Value), StringComparer.OrdinalIgnoreCase);
    }

    private static byte[] Associated(string headerName) => Encoding.UTF8.GetBytes("feedhub-header:" + headerName.ToLowerInvariant());
}

/// <summary>A stored secret cannot be read with the configured key (none, another one, or damaged data).</summary>
public sealed class SecretUnavailableException(string message) : Exception(message);
