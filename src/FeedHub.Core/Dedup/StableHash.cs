using System.Buffers;
using System.Buffers.Binary;
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

    // The fields are laid out in one pooled buffer and hashed by one one-shot call: an incremental
    // hash crossed into OpenSSL twice per field (a dozen calls per item), which cost more than the
    // hashing of a 1.5 KB item itself.
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(1024);
    private int _length;

    public StableHash Add(string? field)
    {
        byte[] buffer = _buffer ?? throw new ObjectDisposedException(nameof(StableHash));
        if (field is null)
        {
            // A distinct marker keeps null apart from the empty string.
            buffer = Reserve(1);
            buffer[_length++] = 0xFF;
            return this;
        }

        buffer = Reserve(5 + Encoding.UTF8.GetMaxByteCount(field.Length));
        int count = Encoding.UTF8.GetBytes(field, buffer.AsSpan(_length + 5));
        buffer[_length] = 0x00;
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(_length + 1), count);
        _length += 5 + count;
        return this;
    }

    public string ToHex()
    {
        byte[] buffer = _buffer ?? throw new ObjectDisposedException(nameof(StableHash));
        _buffer = null;
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.AsSpan(0, _length), digest);
        ArrayPool<byte>.Shared.Return(buffer);
        return Convert.ToHexStringLower(digest[..(HexLength / 2)]);
    }

    private byte[] Reserve(int bytes)
    {
        byte[] buffer = _buffer!;
        if (_length + bytes <= buffer.Length)
        {
            return buffer;
        }

        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, _length + bytes));
        buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        _buffer = larger;
        return larger;
    }
}
