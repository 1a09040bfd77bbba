using System.IO.Compression;

namespace FeedHub.IntegrationTests.Fetching;

/// <summary>Compresses test bodies the way a server would for each HTTP content coding.</summary>
internal static class Compression
{
    public static byte[] Encode(string coding, byte[] data)
    {
        using var output = new MemoryStream();
        using (Stream compressor = coding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            // HTTP "deflate" is the zlib format (RFC 9110 8.4.1.2).
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => throw new ArgumentOutOfRangeException(nameof(coding), coding, "unknown content coding"),
        })
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}
