using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FeedHub.Worker.Commands;

/// <summary><c>health [--ready] [--url URL]</c>: asks a running worker on this machine for
/// <c>/health/live</c> (or <c>/health/ready</c>) and exits 0 on 200, 1 otherwise. It is the
/// container image's HEALTHCHECK: the ASP.NET base image has no curl or wget. It reads no
/// configuration file and opens no database, so a probe costs one process start and one request.</summary>
internal static partial class HealthCommand
{
    private const string DefaultUrls = "http://localhost:5080";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var ready = new Option<bool>("--ready") { Description = "Ask /health/ready (database, migrations, scheduler) instead of /health/live." };
        var url = new Option<string>("--url") { Description = "The address to ask; default: the first address of --urls or ASPNETCORE_URLS on this machine." };
        var timeout = new Option<TimeSpan>("--timeout")
        {
            Description = "How long to wait for the answer.",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(5),
        };
        var command = new Command("health", "Ask the worker running on this machine whether it is healthy (exit 0) or not (exit 1).") { ready, url, timeout };
        command.SetAction(async (ParseResult parsed, CancellationToken cancellationToken) =>
        {
            string path = parsed.GetValue(ready) ? "/health/ready" : "/health/live";
            Uri target = parsed.GetValue(url) is { } given ? new Uri(given, UriKind.Absolute) : new Uri(LocalAddress(ListeningUrls(parsed)), path);
            // The worker on this machine is asked directly: a proxy from the environment (http_proxy,
            // which the fetches may use) would be asked for localhost instead, and fail the probe.
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = parsed.GetValue(timeout) };
            try
            {
                using HttpResponseMessage response = await http.GetAsync(target, cancellationToken);
                int status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"healthy: {target} answered {status}"));
                    return CommandLineConventions.Success;
                }

                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"unhealthy: {target} answered {status}"));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync($"unhealthy: {target} did not answer ({OneLine(ex.Message)})");
            }

            return CommandLineConventions.Failure;
        });
        return command;
    }

    /// <summary>Where the worker listens, in the host's own order: <c>--urls</c>, then
    /// <c>ASPNETCORE_URLS</c>, then <c>DOTNET_URLS</c>, then the worker's default.</summary>
    private static string ListeningUrls(ParseResult parsed)
    {
        string? fromCommandLine = FeedHubRootCommand.HostArguments(parsed)
            .FirstOrDefault(arg => arg.StartsWith("--urls=", StringComparison.Ordinal))?["--urls=".Length..];
        return new[] { fromCommandLine, Environment.GetEnvironmentVariable("ASPNETCORE_URLS"), Environment.GetEnvironmentVariable("DOTNET_URLS") }
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value)) ?? DefaultUrls;
    }

    /// <summary>The first plain-http address (a self-probe has no certificate to trust), with a
    /// wildcard host (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) turned into the loopback address.</summary>
    internal static Uri LocalAddress(string urls)
    {
        string[] candidates = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string chosen = candidates.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? candidates.FirstOrDefault() ?? DefaultUrls;
        Match address = Address().Match(chosen);
        if (!address.Success)
        {
            throw new ArgumentException($"'{chosen}' is not an http(s) address to probe.");
        }

        string host = address.Groups["host"].Value;
        string local = host is "+" or "*" or "0.0.0.0" or "[::]" ? "127.0.0.1" : host;
        return new Uri($"{address.Groups["scheme"].Value}{local}{address.Groups["port"].Value}/");
    }

    [GeneratedRegex(@"^(?<scheme>https?://)(?<host>\[[^\]]*\]|[^:/\[]+)(?<port>:\d+)?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex Address();

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
