using System.Runtime.InteropServices;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>glibc keeps freed native memory in its arenas; the worker hands it back once a minute.</summary>
public sealed class NativeHeapTests
{
    private const int BlockBytes = 16 * 1024;
    private const int Blocks = 4096; // 64 MiB in blocks well below malloc's mmap threshold

    private static bool IsGlibc => OperatingSystem.IsLinux() && (File.Exists("/lib/x86_64-linux-gnu/libc.so.6") || File.Exists("/lib/aarch64-linux-gnu/libc.so.6"));

    [Fact]
    public void Freed_native_memory_stays_resident_until_the_heap_is_trimmed()
    {
        Assert.SkipUnless(IsGlibc, "glibc only: elsewhere there is nothing to trim");
        long baseline = AnonymousKilobytes();
        var blocks = new IntPtr[Blocks];
        for (int i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);
            // Touched page by page, so the pages are resident.
            for (int offset = 0; offset < BlockBytes; offset += 4096)
            {
                Marshal.WriteByte(blocks[i], offset, 1);
            }
        }

        // Still held above the freed blocks, as a live allocation usually is: the arena's top is
        // not free, so free() alone gives nothing back.
        IntPtr above = Marshal.AllocHGlobal(BlockBytes);
        try
        {
            foreach (IntPtr block in blocks)
            {
                Marshal.FreeHGlobal(block);
            }

            long afterFree = AnonymousKilobytes();
            Assert.True(NativeHeap.Trim());
            long afterTrim = AnonymousKilobytes();

            Assert.True(afterFree - baseline > 32 * 1024, $"freed blocks resident: {afterFree - baseline} KB above the baseline");
            Assert.True(afterFree - afterTrim > 32 * 1024, $"the trim gave back {afterFree - afterTrim} KB");
        }
        finally
        {
            Marshal.FreeHGlobal(above);
        }
    }

    [Fact]
    public async Task The_worker_trims_once_a_minute()
    {
        Assert.SkipUnless(IsGlibc, "glibc only: elsewhere there is nothing to trim");
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var trimmer = new NativeHeapTrimmer(time);
        await trimmer.StartAsync(TestContext.Current.CancellationToken);

        for (int minute = 1; minute <= 3; minute++)
        {
            time.Advance(NativeHeapTrimmer.Interval);
            await WorkerHost.EventuallyAsync(() => Task.FromResult(trimmer.Trims == minute), TimeSpan.FromSeconds(10), $"trim {minute}");
        }

        time.Advance(NativeHeapTrimmer.Interval / 2);
        await trimmer.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, trimmer.Trims);
    }

    [Fact]
    public async Task The_worker_host_runs_the_trimmer()
    {
        await using WorkerHost host = await WorkerHost.StartAsync(new Dictionary<string, string>());

        Assert.Contains(host.Services.GetServices<IHostedService>(), service => service is NativeHeapTrimmer);
    }

    private static long AnonymousKilobytes()
    {
        string line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
