using FeedHub.LoadFarm;
using FeedHub.LoadFarm.Driving;
using FeedHub.LoadFarm.Farm;
using FeedHub.LoadFarm.Keys;

// serve:   the feed farm alone (the other two start it as their child process).
// refresh: import the farm's feeds, time `refresh --all` first, unchanged and after a round of changes.
// worker:  import, refresh once, run the long-running worker for --duration and sample it.
// scrape:  the worker on an existing --work folder; times /metrics against /status/sources.
// keys:    the story-key distribution of a --work folder's database, a --corpus of real feeds or the farm's text.
// stories: FeedHub's stories in a --work folder against the farm's truth (pairwise precision and recall).
// See docs/load.md.
if (args.Length == 0 || args[0] is not ("serve" or "refresh" or "worker" or "scrape" or "keys" or "stories"))
{
    await Console.Error.WriteLineAsync("usage: FeedHub.LoadFarm serve|refresh|worker|scrape|keys|stories [--feeds N] [--hosts H] [--entries E] [--changed F] ... (docs/load.md)");
    return 2;
}

FarmArguments options = FarmArguments.Parse(args[1..]);
return args[0] switch
{
    "serve" => await FarmServer.RunAsync(options),
    "refresh" => await RefreshBench.RunAsync(options),
    "scrape" => await ScrapeBench.RunAsync(options),
    "keys" => KeysCommand.Run(options),
    "stories" => StoriesCommand.Run(options),
    _ => await WorkerSoak.RunAsync(options),
};
