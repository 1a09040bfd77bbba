using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Requests;

namespace FeedHub.Publishing.Rendering;

/// <summary>A rendered feed or page with everything its responses need, computed once: the
/// body, its compressed forms (made on first demand), validators and header values.</summary>
public sealed class RenderedDocument
{
    private readonly Lazy<byte[]> _gzip;
    private readonly Lazy<byte[]> _brotli;

    public RenderedDocument(byte[] body, string contentType, string key, long version, DateTimeOffset lastModified, int storyCount, string? linkHeader)
    {
        Body = body;
        ContentType = contentType;
        Version = version;
        StoryCount = storyCount;
        LastModified = TruncateToSeconds(lastModified);
        LastModifiedText = LastModified.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        LinkHeader = linkHeader;

        // Strong validator: the query (as its hash) and the version of the data it was rendered from.
        string tag = $"{version}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 8))}";
        ETag = $"\"{tag}\"";
        GzipETag = $"\"{tag}-gzip\"";
        BrotliETag = $"\"{tag}-br\"";
        _gzip = new Lazy<byte[]>(() => Compress(body, s => new GZipStream(s, CompressionLevel.Optimal)));
        _brotli = new Lazy<byte[]>(() => Compress(body, s => new BrotliStream(s, CompressionLevel.Optimal)));
    }

    public byte[] Body { get; }
    public string ContentType { get; }
    public long Version { get; }
    public int StoryCount { get; }
    public DateTimeOffset LastModified { get; }
    public string LastModifiedText { get; }
    public string? LinkHeader { get; }
    public string ETag { get; }
    public string GzipETag { get; }
    public string BrotliETag { get; }

    public byte[] Gzip => _gzip.Value;
    public byte[] Brotli => _brotli.Value;

    /// <summary>Bytes held, for the cache's budget (compressed forms are at most this again).</summary>
    public long Size => Body.Length * 2L + 512;

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static byte[] Compress(byte[] body, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream(body.Length / 3 + 64);
        using (Stream compressing = compressor(output))
        {
            compressing.Write(body);
        }

        return output.ToArray();
    }
}
