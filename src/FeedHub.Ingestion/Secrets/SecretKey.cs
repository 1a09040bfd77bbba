using System.Security.Cryptography;

namespace FeedHub.Ingestion.Secrets;

/// <summary>The AES-256 key of <see cref="SecretsOptions.KeyFile"/> and its short id, which every
/// encrypted value carries so a wrong key is named as such rather than failing as corrupt data.</summary>
public sealed class SecretKey
{
    public const int Bytes = 32;

    private SecretKey(byte[] key)
    {
        Key = key;
        Id = Convert.ToHexStringLower(SHA256.HashData(key))[..8];
    }

    internal byte[] Key { get; }

    /// <summary>First 8 hex digits of the key's SHA-256: says which key, reveals nothing of it.</summary>
    public string Id { get; }

    /// <summary>A new random key as the key file holds it.</summary>
    public static string NewKeyFileText() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>Null and the key, or what is wrong with the file.</summary>
    public static string? TryLoad(string path, out SecretKey? key)
    {
        key = null;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"the key file '{path}' cannot be read: {ex.Message}";
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            return $"the key file '{path}' does not hold base64 text (create one with: openssl rand -base64 32)";
        }

        if (bytes.Length != Bytes)
        {
            return $"the key file '{path}' holds {bytes.Length} bytes; it must hold {Bytes} (create one with: openssl rand -base64 32)";
        }

        key = new SecretKey(bytes);
        return null;
    }
}
