namespace FeedHub.LoadFarm;

/// <summary>What <c>--help</c> prints; docs/load.md has the worked commands.</summary>
internal static class Usage
{
    public const string Text = """
        usage: FeedHub.LoadFarm MODE [options] [--FeedHub:Key=value ...]

        modes:
          serve     the feed farm alone (refresh and worker start it as their child process)
          refresh   import the farm's feeds, time refresh --all: first, then --runs x (unchanged, a round of changes)
          worker    import, refresh once, run the long-running worker for --duration and sample it
          scrape    the worker on an existing --work folder; times /metrics against /status/sources
          keys      the story-key distribution of a --work database, a --corpus of real feeds, or the farm's text
          stories   the stories of a --work folder against the farm's truth (pairwise precision and recall)
          floor     replay in plain SQL what a refresh --all wrote (--before DB --after DB, copies of one
                    database around it): what SQLite alone costs for those rows, and for each part left out

        farm:
          --feeds N (1000)  --hosts H (16)  --port P (a free one)  --entries E (5)  --seed S (12)
          --changed F (0.333)  --min-new N (1)  --max-new N (2)  --round-every 15m (0: only when asked)
        runs:
          --work DIR  --keep  --reuse  --cold  --runs N (3)  --worker FeedHub.Worker.dll  --baseline FeedHub.Worker.dll
          --duration 60m  --sample-every 30s  --interval 5m  --out FILE  --corpus DIR  --sample N
          --before DB  --after DB  --batch N (64 sources per transaction)
          --per-item N (floor: one transaction per new item, touching N items of its source)
        --FeedHub:Key=value and --Logging:Key=value are passed to every FeedHub process.
        --interval is each source's first interval: adaptive polling then moves it (the farm's feeds
        say hourly and post a few entries a day); --FeedHub:Scheduling:MaxInterval=00:15:00 keeps a cadence.

        See docs/load.md.
        """;
}
