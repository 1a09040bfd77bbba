using System.Buffers;

namespace FeedHub.Ingestion.Fetching;

/// <summary>Reads a response's decoded body, counting the limit on what is read.</summary>
/// <remarks>Every changed poll reads a body, mostly chunked (no length known): the bytes are read
/// into pooled buffers and copied once into an array of the body's size. A read buffer and a
/// growing MemoryStream cost about four times the body per poll in allocations.</remarks>
internal static class ResponseBody
{
    private const int FirstBufferBytes = 16 * 1024;

    /// <summary>The body; null as soon as it passes <paramref name="limit"/> bytes.</summary>
    /// <param name="announced">The Content-Length, if any: a hint for the first buffer only (it may
    /// lie, or count compressed bytes).</param>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(Stream stream, long? announced, long limit, CancellationToken token)
    {
        // One byte more than announced, so that a body of the announced length ends without a second buffer.
        long first = announced is > 0 and long length ? Math.Min(length + 1, limit + 1) : FirstBufferBytes;
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(first, 1, Array.MaxLength));
        int filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await stream.ReadAsync(buffer.AsMemory(filled), token);
                if (read == 0)
                {
                    break;
                }

                if (filled + (long)read > limit)
                {
                    return null;
                }

                filled += read;
            }

            return buffer.AsSpan(0, filled).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
