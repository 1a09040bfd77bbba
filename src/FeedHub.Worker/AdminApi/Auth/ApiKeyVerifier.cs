using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.AdminApi.Auth;

/// <summary>Finds the configured key a presented key matches, in constant time.</summary>
public sealed class ApiKeyVerifier
{
    private readonly (string Id, byte[] Digest)[] _keys;

    public ApiKeyVerifier(IOptions<AdminOptions> options)
    {
        _keys = options.Value.ApiKeys
            .Select(pair => (Id: pair.Key, Digest: ApiKeyHash.TryParse(pair.Value, out byte[]? digest) ? digest : null))
            .Where(key => key.Digest is not null)
            .Select(key => (key.Id, key.Digest!))
            .ToArray();
    }

    public bool Enabled => _keys.Length > 0;

    /// <summary>The id of the key <paramref name="presented"/> matches, or null. Every configured
    /// key is compared, with no early exit, so timing says nothing about which (if any) matched.</summary>
    public string? Verify(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || _keys.Length == 0)
        {
            return null;
        }

        byte[] digest = ApiKeyHash.Digest(presented);
        string? match = null;
        foreach ((string id, byte[] expected) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, expected))
            {
                match ??= id;
            }
        }

        return match;
    }
}
