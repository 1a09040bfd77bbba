using System.CommandLine;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Fetching;
using FeedHub.Ingestion.Refreshing;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Commands;

/// <summary><c>refresh --all</c> or <c>refresh --source ID</c>: poll now, print a summary, exit.</summary>
internal static class RefreshCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var all = new Option<bool>("--all") { Description = "Poll every enabled source." };
        var source = new Option<long[]>("--source") { Description = "Poll this source id (repeatable).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("refresh", "Poll sources now, print a summary line and exit; exits 1 when a named source failed, or with --all when every source failed.") { all, source };
        command.Validators.Add(result =>
        {
            long[]? ids = null;
            if (result.GetResult(source) is { } given && !given.TryGetValue(out ids))
            {
                return;
            }

            bool hasAll = result.GetValue(all);
            bool hasSources = ids is { Length: > 0 };
            if (hasAll == hasSources)
            {
                result.AddError("Give either --all or --source ID.");
            }
        });
        command.SetAction(async (ParseResult parsed, CancellationToken cancellationToken) =>
            await RunAsync(parsed, parsed.GetValue(all), parsed.GetValue(source) ?? [], output, error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, bool all, long[] named, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using IHost host = await CommandHost.StartAsync(parsed, cancellationToken);
        IServiceProvider services = host.Services;
        Dictionary<long, string>? urls = await PollableUrlsAsync(services.GetRequiredService<ISourceStore>(), all, named, error, cancellationToken);
        if (urls is null)
        {
            return 1;
        }

        long[] ids = all ? [.. urls.Keys] : named;
        int concurrency = RefreshBatch.PollsInFlight(services.GetRequiredService<IOptions<FetchOptions>>().Value.MaxConcurrency);
        RefreshSummary summary;
        using (var progress = new TerminalProgress<int>(error, done => $"Polled {done}/{ids.Length} sources..."))
        {
            summary = await services.GetRequiredService<RefreshBatch>().RunAsync(ids, concurrency, cancellationToken, progress);
        }

        foreach (RefreshResult failed in summary.Results.Where(r => r.Status == RefreshStatus.Failed))
        {
            string url = urls[failed.SourceId];
            await error.WriteLineAsync($"Source {failed.SourceId} {url} failed: {failed.Error}");
        }

        foreach (RefreshResult skipped in summary.Results.Where(r => r.Status == RefreshStatus.Skipped))
        {
            await error.WriteLineAsync($"Source {skipped.SourceId} is paused; not polled.");
        }

        await output.WriteLineAsync(summary.ToString());
        bool unsuccessful = all ? NothingPolled(summary) : summary.Results.Any(r => r.Status is RefreshStatus.Failed or RefreshStatus.Skipped);
        return unsuccessful ? CommandLineConventions.Failure : CommandLineConventions.Success;
    }

    /// <summary>The URL of every source to poll, by id (for the lines naming failed ones); null, after
    /// saying so, when a named id is no source. <c>--all</c> reads the enabled sources' ids and URLs
    /// alone: whole rows of 10,000 sources, their lists and settings, were a twentieth of an all-304
    /// refresh's CPU, and each poll reads its own row anyway.</summary>
    private static async Task<Dictionary<long, string>?> PollableUrlsAsync(ISourceStore store, bool all, long[] named, TextWriter error, CancellationToken cancellationToken)
    {
        if (all)
        {
            return (await store.ListScheduledAsync(cancellationToken)).ToDictionary(source => source.Id, source => source.Url);
        }

        var urls = new Dictionary<long, string>();
        var unknown = new List<long>();
        foreach (long id in named)
        {
            if (urls.ContainsKey(id))
            {
                continue;
            }

            if (await store.GetAsync(id, cancellationToken) is { } source)
            {
                urls[id] = source.Url;
            }
            else
            {
                unknown.Add(id);
            }
        }

        if (unknown.Count > 0)
        {
            await error.WriteLineAsync($"No source with id {string.Join(", ", unknown)}.");
            return null;
        }

        return urls;
    }

    /// <summary>One bad feed among many is that source's business (its error is on stderr and in its
    /// status), but when every poll failed, the network or the database is likely down and cron must
    /// hear of it. With no enabled source there was nothing to do, which is not a failure.</summary>
    private static bool NothingPolled(RefreshSummary summary) =>
        summary.Results.Any(r => r.Status == RefreshStatus.Failed)
        && !summary.Results.Any(r => r.Status is RefreshStatus.Updated or RefreshStatus.NotModified);
}
