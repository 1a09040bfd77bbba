using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace FeedHub.Worker.AdminApi.Auth;

/// <summary>How API keys are stored: <c>sha256:&lt;64 hex digits&gt;</c> of the key's UTF-8 bytes.
/// A plain hash suffices because keys are 256-bit random values (<see cref="NewKey"/>), not
/// passwords: there is nothing for a slow hash to protect against a guesser, and every request
/// would pay for one.</summary>
public static class ApiKeyHash
{
    private const string Prefix = "sha256:";

    /// <summary>Shorter keys are refused by <c>admin hash-key</c>: they could be guessed.</summary>
    public const int MinKeyLength = 20;

    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Prefix + Convert.ToHexStringLower(Digest(key));
    }

    public static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool TryParse(string? value, [NotNullWhen(true)] out byte[]? digest)
    {
        digest = null;
        if (value is null || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string hex = value[Prefix.Length..].Trim();
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        digest = Convert.FromHexString(hex);
        return true;
    }

    /// <summary>A new key: "fh_" and 32 random bytes in URL-safe base64.</summary>
    public static string NewKey() =>
        "fh_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
