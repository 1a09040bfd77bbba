using FeedHub.Worker.Commands;
using FeedHub.Worker.Hosting;

if (AdminCommandLine.Handles(args))
{
    // System.CommandLine turns Ctrl+C and SIGTERM into cancellation of the command's token.
    return await AdminCommandLine.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
}

WebApplication app = FeedHubApp.Build(args);
await app.RunAsync();
return 0;
