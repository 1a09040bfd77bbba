using FeedHub.LoadFarm;
using FeedHub.LoadFarm.Driving;
using FeedHub.LoadFarm.Farm;
using FeedHub.LoadFarm.Floor;
using FeedHub.LoadFarm.Keys;

// serve:   the feed farm alone (the other two start it as their child process).
// refresh: import the farm's feeds, time `refresh --all` first, unchanged and after a round of changes.
// worker:  import, refresh once, run the long-running worker for --duration and sample it.
// scrape:  the worker on an existing --work folder; times /metrics against /status/sources.
// keys:    the story-key distribution of a --work folder's database, a --corpus of real feeds or the farm's text.
// stories: FeedHub's stories in a --work folder against the farm's truth (pairwise precision and recall).
// floor:   the rows a refresh wrote (--before, --after copies) replayed in plain SQL: SQLite's share alone.
// See docs/load.md.
if (args.Any(a => a is "--help" or "-h" or "help"))
{
    Console.WriteLine(Usage.Text);
    return 0;
}

if (args.Length == 0 || args[0] is not ("serve" or "refresh" or "worker" or "scrape" or "keys" or "stories" or "floor"))
{
    await Console.Error.WriteLineAsync(Usage.Text);
    return 2;
}

FarmArguments options;
try
{
    options = FarmArguments.Parse(args[1..]);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    await Console.Error.WriteLineAsync($"{ex.Message}; --help lists the options");
    return 2;
}

return args[0] switch
{
    "serve" => await FarmServer.RunAsync(options),
    "refresh" => await RefreshBench.RunAsync(options),
    "scrape" => await ScrapeBench.RunAsync(options),
    "keys" => KeysCommand.Run(options),
    "stories" => StoriesCommand.Run(options),
    "floor" => StorageFloor.Run(options),
    _ => await WorkerSoak.RunAsync(options),
};
