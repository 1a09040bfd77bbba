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
        IReadOnlyList<FeedSource> known = await services.GetRequiredService<ISourceStore>().ListAsync(cancellationToken);

        long[] unknown = named.Where(id => !known.Any(s => s.Id == id)).ToArray();
        if (unknown.Length > 0)
        {
            await error.WriteLineAsync($"No source with id {string.Join(", ", unknown)}.");
            return 1;
        }

        long[] ids = all ? known.Where(s => s.Enabled).Select(s => s.Id).ToArray() : named;
        int concurrency = RefreshBatch.PollsInFlight(services.GetRequiredService<IOptions<FetchOptions>>().Value.MaxConcurrency);
        RefreshSummary summary;
        using (var progress = new TerminalProgress<int>(error, done => $"Polled {done}/{ids.Length} sources..."))
        {
            summary = await services.GetRequiredService<RefreshBatch>().RunAsync(ids, concurrency, cancellationToken, progress);
        }

        foreach (RefreshResult failed in summary.Results.Where(r => r.Status == RefreshStatus.Failed))
        {
            string url = known.First(s => s.Id == failed.SourceId).Url;
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

    /// <summary>One bad feed among many is that source's business (its error is on stderr and in its
    /// status), but when every poll failed, the network or the database is likely down and cron must
    /// hear of it. With no enabled source there was nothing to do, which is not a failure.</summary>
    private static bool NothingPolled(RefreshSummary summary) =>
        summary.Results.Any(r => r.Status == RefreshStatus.Failed)
        && !summary.Results.Any(r => r.Status is RefreshStatus.Updated or RefreshStatus.NotModified);
}
