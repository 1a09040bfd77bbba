using FeedHub.Worker.Commands;
using FeedHub.Worker.Hosting;

// Before any pool thread mallocs: see MallocArenas.
MallocArenas.Limit(Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX"));

// The root command owns the whole line; with no command it runs the worker. System.CommandLine
// turns Ctrl+C and SIGTERM into cancellation of a command's token; the worker's host handles them itself.
return await FeedHubCommandLine.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
