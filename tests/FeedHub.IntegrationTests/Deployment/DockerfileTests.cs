using System.Diagnostics;
using FeedHub.IntegrationTests.Operations;

namespace FeedHub.IntegrationTests.Deployment;

/// <summary>No Docker engine runs here, so deploy/Dockerfile is checked as far as it can be without
/// one: its instructions, the user and data directory of the final stage, the build context, and
/// its HEALTHCHECK command run against a real worker.</summary>
public sealed class DockerfileTests
{
    private static readonly List<Dockerfile.Instruction> Instructions = Dockerfile.Load();

    [Fact]
    public void Every_instruction_is_a_Dockerfile_instruction()
    {
        Assert.All(Instructions, instruction => Assert.Contains(instruction.Keyword, Dockerfile.Keywords));
        Assert.Equal("FROM", Instructions[0].Keyword);
    }

    [Fact]
    public void It_builds_with_the_SDK_and_runs_on_the_ASP_NET_runtime_image()
    {
        List<Dockerfile.Instruction> stages = [.. Instructions.Where(i => i.Keyword == "FROM")];

        Assert.Equal(2, stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 AS build", stages[0].Arguments, StringComparison.Ordinal);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", stages[1].Arguments);
        Assert.Contains(FinalStage(), i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_final_stage_runs_as_a_non_root_user_who_owns_the_data_volume()
    {
        List<Dockerfile.Instruction> final = FinalStage();
        string user = Assert.Single(final, i => i.Keyword == "USER").Arguments;
        int userAt = final.FindIndex(i => i.Keyword == "USER");

        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
        Assert.Contains(final, i => i.Keyword == "VOLUME" && i.Arguments == "/data");
        // Made and handed over while still root, before USER drops the rights to do so.
        int chown = final.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains($"chown {user}:{user} /data", StringComparison.Ordinal));
        Assert.InRange(chown, 0, userAt - 1);
        Assert.True(userAt < final.FindIndex(i => i.Keyword == "ENTRYPOINT"));
        // The database lives in the volume, not in the image's read-only layers.
        Assert.Contains(final.Where(i => i.Keyword == "ENV").SelectMany(i => Dockerfile.EnvAssignments(i.Arguments)),
            pair => pair.Key == "FeedHub__Storage__ConnectionString" && pair.Value == "Data Source=/data/feedhub.db");
    }

    [Fact]
    public void The_healthcheck_is_the_workers_own_command_not_a_tool_the_image_lacks()
    {
        string[] command = HealthcheckCommand();

        Assert.Equal(["dotnet", "/app/FeedHub.Worker.dll", "health"], command);
        Assert.DoesNotContain(Instructions, i => i.Arguments.Contains("curl", StringComparison.Ordinal) || i.Arguments.Contains("wget", StringComparison.Ordinal));
        Assert.Equal(["dotnet", "/app/FeedHub.Worker.dll"], Dockerfile.ExecForm(Assert.Single(FinalStage(), i => i.Keyword == "ENTRYPOINT").Arguments));
    }

    [Fact]
    public async Task The_healthcheck_command_reports_a_running_worker_healthy_on_the_images_address()
    {
        using ListeningWorker worker = await ListeningWorker.StartAsync();
        // The image's own ASPNETCORE_URLS (http://+:5080), on the port this test's worker got.
        string imageUrls = FinalStage().Where(i => i.Keyword == "ENV").SelectMany(i => Dockerfile.EnvAssignments(i.Arguments))
            .Single(pair => pair.Key == "ASPNETCORE_URLS").Value!;
        string[] command = HealthcheckCommand();
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, Path.GetFileName(command[1])));
        foreach (string argument in command[2..])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_URLS"] = imageUrls.Replace(":5080", $":{worker.BaseUri.Port}", StringComparison.Ordinal);
        using Process probe = Process.Start(start)!;
        string output = await probe.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        string error = await probe.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await probe.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(probe.ExitCode == 0, error);
        Assert.StartsWith("healthy:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_path_the_build_copies_exists_and_is_not_excluded_from_the_build_context()
    {
        string[] ignored = [.. DeployFiles.Text(".dockerignore").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))];
        IEnumerable<string> sources = Instructions
            .Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from=", StringComparison.Ordinal))
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]);

        Assert.All(sources, source =>
        {
            string path = DeployFiles.Path(source.TrimEnd('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {source}: not in the repository");
            Assert.DoesNotContain(ignored, pattern => pattern.TrimEnd('/') == source.TrimEnd('/') || source.StartsWith(pattern, StringComparison.Ordinal));
        });
        // Build output, local databases and the git history stay out of the context.
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains(".git/", ignored);
        Assert.Contains("data/", ignored);
    }

    private static string[] HealthcheckCommand()
    {
        string arguments = Assert.Single(FinalStage(), i => i.Keyword == "HEALTHCHECK").Arguments;
        int cmd = arguments.IndexOf("CMD ", StringComparison.Ordinal);
        Assert.True(cmd >= 0, arguments);
        return Dockerfile.ExecForm(arguments[(cmd + 4)..]);
    }

    private static List<Dockerfile.Instruction> FinalStage() =>
        [.. Instructions.Skip(Instructions.FindLastIndex(i => i.Keyword == "FROM"))];
}
