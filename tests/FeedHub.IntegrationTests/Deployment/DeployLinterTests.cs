using System.Diagnostics;

namespace FeedHub.IntegrationTests.Deployment;

/// <summary>The linters of the package registries on deploy/: yamllint (Debian's), systemd's own
/// unit checker, and docker-compose's schema check. .ci/run installs them; on a machine without
/// one its test skips and says which package to install.</summary>
public sealed class DeployLinterTests
{
    [Fact]
    public async Task Yamllint_passes_on_every_yaml_file()
    {
        string yamllint = Tool("yamllint", "apt-get install yamllint");

        (int exit, string output) = await RunAsync(yamllint, ["--strict", "-c", DeployFiles.Path(".yamllint"), DeployFiles.Path("deploy")]);

        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task Systemd_analyze_verify_finds_nothing_in_the_unit()
    {
        string analyze = Tool("systemd-analyze", "apt-get install systemd");

        // verify exits 0 on unknown keys and bad values: it only warns, so any output is a finding.
        (int exit, string output) = await RunAsync(analyze, ["verify", DeployFiles.Path("deploy/feedhub.service")]);

        Assert.Equal(0, exit);
        Assert.True(output.Length == 0, output);
    }

    [Theory]
    [InlineData("deploy/compose.yaml", "POSTGRES_PASSWORD")]
    [InlineData("deploy/compose.sqlserver.yaml", "MSSQL_SA_PASSWORD")]
    public async Task Docker_compose_accepts_the_compose_files(string file, string passwordVariable)
    {
        string compose = Tool("docker-compose", "apt-get install docker-compose");

        (int exit, string output) = await RunAsync(compose, ["-f", DeployFiles.Path(file), "config", "--quiet"], new() { [passwordVariable] = "Placeholder-1" });

        Assert.True(exit == 0, output);
    }

    private static string Tool(string name, string install)
    {
        string? found = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.Skip($"{name} is not installed ({install}); .ci/run installs it.");
        }

        return found;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string tool, string[] arguments, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, (await output + await error).Trim());
    }
}
