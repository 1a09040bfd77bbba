using FeedHub.Ingestion.Fetching;

namespace FeedHub.Tests.Fetching;

public sealed class ResponseBodyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, null)]
    [InlineData(29_103, null)]
    [InlineData(29_103, 29_103L)]
    [InlineData(300_000, null)]
    [InlineData(300_000, 1_000L)]
    [InlineData(300_000, 900_000L)]
    public async Task Reads_every_byte_whatever_the_announced_length(int length, long? announced)
    {
        byte[] sent = Body(length);

        ReadOnlyMemory<byte>? read = await ResponseBody.ReadAsync(new TrickleStream(sent, 7_000), announced, limit: 1_000_000, Ct);

        Assert.NotNull(read);
        Assert.Equal(sent, read.Value.ToArray());
    }

    [Fact]
    public async Task A_body_past_the_limit_is_refused_as_soon_as_it_passes_it()
    {
        var stream = new TrickleStream(Body(300_000), 10_000);

        ReadOnlyMemory<byte>? read = await ResponseBody.ReadAsync(stream, announced: null, limit: 100_000, Ct);

        Assert.Null(read);
        Assert.True(stream.Position <= 110_000, $"read {stream.Position} bytes of a body refused at 100,000");
    }

    [Fact]
    public async Task A_body_at_the_limit_is_kept()
    {
        ReadOnlyMemory<byte>? read = await ResponseBody.ReadAsync(new TrickleStream(Body(100_000), 8_192), announced: null, limit: 100_000, Ct);

        Assert.Equal(100_000, read?.Length);
    }

    /// <summary>A chunked body of unknown length (the usual feed response) allocated its 64 KiB read
    /// buffer and every doubling of a MemoryStream on each poll, about five times its size for a
    /// 29 KB feed; it now costs the body itself and little more.</summary>
    [Theory]
    [InlineData(29_103)]
    [InlineData(300_000)]
    public async Task Reading_a_body_of_unknown_length_allocates_little_more_than_the_body(int length)
    {
        byte[] sent = Body(length);
        // Warm up (the pool's first rent, the state machine's first run).
        for (int i = 0; i < 3; i++)
        {
            await ResponseBody.ReadAsync(new TrickleStream(sent, 16_384), null, 1_000_000, Ct);
        }

        var stream = new TrickleStream(sent, 16_384);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ReadOnlyMemory<byte>? read = await ResponseBody.ReadAsync(stream, null, 1_000_000, Ct);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(length, read?.Length);
        Assert.True(allocated < length + 4_096, $"allocated {allocated} bytes to read {length}");
    }

    private static byte[] Body(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Hands out at most <c>step</c> bytes per read, as a socket does, and completes
    /// synchronously so that the allocations stay on the test's thread.</summary>
    private sealed class TrickleStream(byte[] data, int step) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, step)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
    }
}
