using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace FeedHub.Core.Dedup;

/// <summary>SHA-256 over length-prefixed UTF-8 fields: the same fields give the same hex on every
/// machine and every run (string.GetHashCode is randomized per process), and moving text from one
/// field to the next changes the hash.</summary>
internal sealed class StableHash
{
    /// <summary>Hex characters kept: 128 bits, plenty against accidental collisions.</summary>
    public const int HexLength = 32;

    private const int StackBytes = 512;

    // Creating a SHA-256 context costs more than hashing a 1.5 KB item (an OpenSSL context and its
    // SafeHandle on Linux): each thread keeps the context of its last finished hash for the next one.
    [ThreadStatic]
    private static IncrementalHash? t_spare;

    private IncrementalHash? _sha = TakeSpare();

    private static IncrementalHash TakeSpare()
    {
        IncrementalHash? spare = t_spare;
        t_spare = null;
        return spare ?? IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    public StableHash Add(string? field)
    {
        IncrementalHash sha = _sha ?? throw new ObjectDisposedException(nameof(StableHash));
        Span<byte> length = stackalloc byte[5];
        if (field is null)
        {
            // A distinct marker keeps null apart from the empty string.
            length[0] = 0xFF;
            sha.AppendData(length[..1]);
            return this;
        }

        // The UTF-8 bytes go through a stack or pooled buffer: hashing a field allocates nothing.
        int maxBytes = Encoding.UTF8.GetMaxByteCount(field.Length);
        byte[]? rented = maxBytes > StackBytes ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<byte> buffer = rented ?? stackalloc byte[StackBytes];
        int count = Encoding.UTF8.GetBytes(field, buffer);
        length[0] = 0x00;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length[1..], count);
        sha.AppendData(length);
        sha.AppendData(buffer[..count]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return this;
    }

    public string ToHex()
    {
        IncrementalHash sha = _sha ?? throw new ObjectDisposedException(nameof(StableHash));
        _sha = null;
        Span<byte> digest = stackalloc byte[32];
        sha.GetHashAndReset(digest);
        if (t_spare is null)
        {
            t_spare = sha;
        }
        else
        {
            sha.Dispose();
        }

        return Convert.ToHexStringLower(digest)[..HexLength];
    }
}
