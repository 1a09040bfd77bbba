using System.Diagnostics;
using System.Text.Json;
using FeedHub.IntegrationTests.Deployment;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>Idle thread-pool threads of the worker block at once instead of spinning, and the
/// in-process benchmarks run the worker's code with the worker's runtime settings
/// (docs/benchmarks.md, "Idle threads that spin").</summary>
public sealed class WorkerThreadPoolSettingsTests
{
    private const string SpinLimit = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    [Fact]
    public void The_built_worker_does_not_spin_idle_thread_pool_threads()
    {
        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "FeedHub.Worker.runtimeconfig.json")));
        JsonElement properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, properties.GetProperty(SpinLimit).GetInt32());
    }

    [Fact]
    public async Task The_benchmarks_run_with_every_runtime_setting_of_the_worker()
    {
        Dictionary<string, string> worker = await RuntimeSettingsAsync("src/FeedHub.Worker/FeedHub.Worker.csproj");
        Dictionary<string, string> benchmarks = await RuntimeSettingsAsync("tests/FeedHub.Benchmarks/FeedHub.Benchmarks.csproj");

        Assert.Equal("0", worker[SpinLimit]);
        Assert.Equal("false", worker["TieredPGO"]);
        Assert.Equal(worker.OrderBy(s => s.Key), benchmarks.Where(s => worker.ContainsKey(s.Key)).OrderBy(s => s.Key));
    }

    /// <summary>The project's <c>RuntimeHostConfigurationOption</c> items and its TieredPGO, as MSBuild
    /// evaluates them.</summary>
    private static async Task<Dictionary<string, string>> RuntimeSettingsAsync(string project)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "msbuild", DeployFiles.Path(project), "-getItem:RuntimeHostConfigurationOption", "-getProperty:TieredPGO", "-p:Configuration=Release" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process msbuild = Process.Start(start)!;
        string output = await msbuild.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        string error = await msbuild.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await msbuild.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(msbuild.ExitCode == 0, output + error);

        using JsonDocument evaluated = JsonDocument.Parse(output);
        var settings = evaluated.RootElement.GetProperty("Items").GetProperty("RuntimeHostConfigurationOption").EnumerateArray()
            .ToDictionary(item => item.GetProperty("Identity").GetString()!, item => item.GetProperty("Value").GetString()!);
        settings["TieredPGO"] = evaluated.RootElement.GetProperty("Properties").GetProperty("TieredPGO").GetString()!;
        return settings;
    }
}
