using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using FeedHub.IntegrationTests.Hosting;

namespace FeedHub.IntegrationTests.Deployment;

/// <summary>How the worker is compiled where it runs: a command such as <c>refresh --all</c> lives
/// seconds, and compiling its code was a fifth of its CPU (docs/benchmarks.md, "The unchanged path,
/// sixth pass").</summary>
public sealed class WorkerPublishSettingsTests
{
    [Fact]
    public async Task A_publish_for_a_runtime_ships_ReadyToRun_code_and_a_plain_build_does_not()
    {
        Assert.Equal("true", await WorkerPropertyAsync("PublishReadyToRun", "-p:RuntimeIdentifier=linux-x64"));
        Assert.Equal("true", await WorkerPropertyAsync("PublishReadyToRun", "-p:RuntimeIdentifier=linux-arm64"));
        // Without a runtime the SDK could not precompile; `dotnet run` and the tests stay plain IL.
        Assert.NotEqual("true", await WorkerPropertyAsync("PublishReadyToRun"));
    }

    [Fact]
    public async Task The_image_publishes_for_the_architecture_it_is_built_for()
    {
        List<Dockerfile.Instruction> instructions = Dockerfile.Load();
        List<Dockerfile.Instruction> build = [.. instructions.TakeWhile((i, index) => index == 0 || i.Keyword != "FROM")];
        string restore = Assert.Single(build, i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore ", StringComparison.Ordinal)).Arguments;
        string publish = Assert.Single(build, i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet publish ", StringComparison.Ordinal)).Arguments;

        Assert.Contains(build, i => i.Keyword == "ARG" && i.Arguments == "TARGETARCH");
        // Restore and publish must name the same runtime, or --no-restore finds no assets for it.
        string architecture = ArchitectureArgument(restore);
        Assert.Equal(architecture, ArchitectureArgument(publish));
        // BuildKit's TARGETARCH when it is set; the legacy builder sets none, and the build machine's
        // own architecture (as the SDK image's Debian names it, which the SDK takes) stands in.
        Assert.Equal("arm64", await ShellAsync($"echo {architecture}", ("TARGETARCH", "arm64")));
        Assert.Equal(await ShellAsync("dpkg --print-architecture"), await ShellAsync($"echo {architecture}"));
        Assert.NotEqual("", await ShellAsync($"echo {architecture}"));
        Assert.Contains("--no-restore", publish, StringComparison.Ordinal);
        // The final stage is the shared ASP.NET runtime image, not a self-contained copy of it.
        Assert.Contains("--self-contained false", publish, StringComparison.Ordinal);
    }

    [Fact]
    public void The_worker_recompiles_hot_methods_on_the_runtimes_schedule()
    {
        JsonElement properties = WorkerRuntimeConfig.Properties();

        // A 10 s call-counting delay kept a changed refresh of every source running tier-0 code
        // for its whole minute (docs/benchmarks.md, "Tier-0 code in a changed refresh"): the
        // runtime's 100 ms is what the worker and its commands run with.
        Assert.False(properties.TryGetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs", out _));
        // Tiering itself stays on: the long-running worker gets tier-1 code for its hot methods.
        Assert.False(properties.TryGetProperty("System.Runtime.TieredCompilation", out _));
        // Dynamic PGO stays off (docs/benchmarks.md, "The unchanged path, fourth pass").
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }

    private static string ArchitectureArgument(string command)
    {
        Match match = Regex.Match(command, @" -a (""[^""]+""|\S+)");
        Assert.True(match.Success, $"no -a in: {command}");
        return match.Groups[1].Value;
    }

    /// <summary>What <c>sh</c> prints for <paramref name="script"/>, with only the given variables
    /// from the Dockerfile's ARGs set (as RUN sees them).</summary>
    private static async Task<string> ShellAsync(string script, params (string Name, string Value)[] variables)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment.Remove("TARGETARCH");
        foreach ((string name, string value) in variables)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        return output.Trim();
    }

    private static async Task<string> WorkerPropertyAsync(string property, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("msbuild");
        start.ArgumentList.Add(DeployFiles.Path("src/FeedHub.Worker/FeedHub.Worker.csproj"));
        start.ArgumentList.Add($"-getProperty:{property}");
        start.ArgumentList.Add("-p:Configuration=Release");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process msbuild = Process.Start(start)!;
        string output = await msbuild.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        string error = await msbuild.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await msbuild.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(msbuild.ExitCode == 0, output + error);
        return output.Trim();
    }
}
