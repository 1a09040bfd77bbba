using System.CommandLine;
using FeedHub.Worker.Hosting;
using FeedHub.Worker.Startup;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Commands;

/// <summary>The services of a one-shot command: the worker's configuration and pipeline
/// without its scheduler or web server. Logs go to stderr so stdout stays for results.</summary>
internal static class CommandHost
{
    /// <param name="initializeDatabase">False for commands that must not write to the database
    /// (<c>migrate --script</c>): then it is neither migrated nor seeded.</param>
    public static async Task<IHost> StartAsync(ParseResult parsed, CancellationToken cancellationToken, bool initializeDatabase = true)
    {
        string[] args = FeedHubRootCommand.HostArguments(parsed);
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = ConfigurationFiles.ReadOnce(args),
            ContentRootPath = HostPaths.ContentRoot(args),
        });
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddFeedHubCommon();
        IHost host = builder.Build();

        // The scheduler and web server are not started here, so run their start-up validation by hand.
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        if (initializeDatabase)
        {
            await DatabaseStartup.InitializeAsync(host.Services, cancellationToken);
        }

        return host;
    }
}
