using System.Text.Json;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>Idle thread-pool threads of the worker block at once instead of spinning
/// (docs/benchmarks.md, "Idle threads that spin").</summary>
public sealed class WorkerThreadPoolSettingsTests
{
    [Fact]
    public void The_built_worker_does_not_spin_idle_thread_pool_threads()
    {
        JsonElement properties = WorkerRuntimeConfig.Properties();

        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
        // Only the spinning is off: the pool's size and its hill climbing keep their defaults.
        Assert.False(properties.TryGetProperty("System.Threading.ThreadPool.MinThreads", out _));
        Assert.False(properties.TryGetProperty("System.Threading.ThreadPool.HillClimbing.Disable", out _));
    }
}
