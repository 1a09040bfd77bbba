using System.Text.Json;
using FeedHub.IntegrationTests.Deployment;
using FeedHub.Worker.Hosting;
using YamlDotNet.RepresentationModel;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>The memory settings the worker's figures were measured with (docs/load.md, "The
/// worker's memory") are the ones it ships with.</summary>
public sealed class WorkerMemorySettingsTests
{
    [Fact]
    public void The_built_worker_runs_with_the_measured_runtime_settings()
    {
        JsonElement properties = WorkerRuntimeConfig.Properties();

        Assert.Equal(9, properties.GetProperty("System.GC.ConserveMemory").GetInt32());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.Equal(4 * 1024 * 1024, properties.GetProperty("System.GC.Gen0MaxBudget").GetInt32());
        // Workstation GC: server GC keeps a heap per core, several times the worker's live data.
        Assert.False(properties.TryGetProperty("System.GC.Server", out JsonElement server) && server.GetBoolean());
    }

    [Fact]
    public void Malloc_arenas_are_capped_on_glibc()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && (File.Exists("/lib/x86_64-linux-gnu/libc.so.6") || File.Exists("/lib/aarch64-linux-gnu/libc.so.6")), "glibc only: elsewhere nothing is capped");

        Assert.Equal(MallocArenasOutcome.Capped, MallocArenas.Limit(operatorSetting: null));
    }

    [Fact]
    public void Every_deployment_caps_malloc_arenas_before_the_process_starts()
    {
        // In-process the cap comes after the runtime's first threads made their arenas: only the
        // environment glibc starts with caps them all (docs/load.md, "The worker's memory").
        Assert.Contains(
            Dockerfile.Load().Where(instruction => instruction.Keyword == "ENV").SelectMany(instruction => Dockerfile.EnvAssignments(instruction.Arguments)),
            pair => pair.Key == "MALLOC_ARENA_MAX" && pair.Value == "2");
        Assert.Contains("Environment=MALLOC_ARENA_MAX=2", DeployFiles.Text("deploy/feedhub.service").Split('\n').Select(line => line.Trim()));
        Assert.Contains(
            (YamlSequenceNode)Kubernetes.Container().At("env"),
            variable => variable.At("name").Scalar() == "MALLOC_ARENA_MAX" && variable.Child("value")?.Scalar() == "2");
    }

    [Fact]
    public void An_operators_MALLOC_ARENA_MAX_is_left_alone()
    {
        Assert.Equal(MallocArenasOutcome.LeftToOperator, MallocArenas.Limit(operatorSetting: "8"));
    }
}
