using System.Diagnostics;
using System.Globalization;
using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Ingestion.Refreshing;
using FeedHub.Storage;
using FeedHub.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedHub.Benchmarks;

/// <summary>`changed-poll-cpu [polls per round] [rounds]`: CPU per poll of a 20-entry
/// WordPress-shaped feed re-served with one new entry on top (and the oldest gone) at every
/// request, over loopback, measured on the whole process (the in-process feed server's share
/// included: an upper bound). Three kinds of poll, interleaved round by round so a load that
/// comes and goes on a shared machine falls on all of them: the unchanged (304) poll as the
/// baseline, the changed poll as FeedHub runs it (known entries only touched), and the same
/// changed poll with no entry ever known (every entry normalized, as before raw hashes); and, to
/// show the fixed cost of a fetched document apart from storing a new item, the same document
/// re-served without validators (200, every entry known, nothing new). A third argument, a
/// comma-separated list of kinds (unchanged, known, whole, same), runs only those: for a CPU
/// sample of one kind (dotnet-trace, docs/benchmarks.md). The kind <c>parse</c> is the bare
/// CodeHollow parse of the documents a <c>known</c> round is served, in this process: the parse
/// every changed poll pays at least. <c>--keep DIR</c> copies the <c>known</c> source's database after
/// the warm-up round and after the last (DIR/before.db, DIR/after.db) for LoadFarm's
/// <c>floor --per-item 19</c>: what SQLite alone spends on those polls' rows. <c>--sql</c> prints the
/// time inside SQLite per statement on the <c>known</c> source's writer connection after the warm-up
/// round, a poll's share (<see cref="StatementProfile"/>; reads on pooled connections are not in it).</summary>
internal static class ChangedPollCpu
{
    private const int Entries = 20;

    private static readonly List<long> Allocated = [];

    private static readonly List<double> ServerCpu = [];

    private static readonly Dictionary<string, string> Labels = new()
    {
        ["unchanged"] = "unchanged",
        ["known"] = "changed (known entries touched)",
        ["whole"] = "changed (every entry normalized)",
        ["same"] = "re-served as it was",
        ["parse"] = "bare CodeHollow parse of a changed document",
    };

    public static async Task RunAsync(string[] args)
    {
        // --server-in-process: the feed servers run in this process, as before 2026-12-02 (the
        // process's CPU then counts them too); by default they run in a child process and the
        // figures are FeedHub's alone, the child's printed beside them.
        bool inProcess = args.Contains("--server-in-process");
        bool sql = args.Contains("--sql");
        int keepAt = Array.IndexOf(args, "--keep");
        string? keep = keepAt >= 0 && keepAt + 1 < args.Length ? args[keepAt + 1] : null;
        if (keepAt >= 0 && keep is null)
        {
            throw new ArgumentException("--keep needs a folder");
        }

        args = [.. args.Where((arg, i) => arg is not ("--server-in-process" or "--sql") && (keepAt < 0 || (i != keepAt && i != keepAt + 1)))];
        int polls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 400;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        HashSet<string> kinds = args.Length > 2 ? [.. args[2].Split(',')] : ["unchanged", "known", "whole", "same"];
        if (kinds.Except(Labels.Keys).FirstOrDefault() is { } unknown)
        {
            throw new ArgumentException($"unknown kind '{unknown}': the kinds are {string.Join(", ", Labels.Keys)}");
        }

        await using ChildFeedServer? notModifiedChild = inProcess ? null : await ChildFeedServer.StartAsync("not-modified");
        await using ChildFeedServer? windowChild = inProcess ? null : await ChildFeedServer.StartAsync("window");
        await using NotModifiedServer? notModified = inProcess ? await NotModifiedServer.StartAsync() : null;
        await using WindowServer? windowInProcess = inProcess ? await WindowServer.StartAsync(remoteControl: false) : null;
        using var control = new HttpClient();
        IWindowFeeds window = windowInProcess is not null ? windowInProcess : new RemoteWindowFeeds(control, windowChild!.BaseUri);
        using BenchmarkHost unchangedHost = BenchmarkHost.Start();
        FeedRefresher unchangedRefresher = unchangedHost.Services.GetRequiredService<FeedRefresher>();
        long unchangedId = await UnchangedPoll.AddAsync(unchangedHost, notModified?.FeedUrl ?? new Uri(notModifiedChild!.BaseUri, "feed.xml"));
        using BenchmarkHost knownHost = BenchmarkHost.Start();
        using BenchmarkHost wholeHost = BenchmarkHost.Start(configure: NothingKnown.Register);
        (FeedRefresher Refresher, long Id) known = await AddAsync(knownHost, await window.AddAsync("known"));
        (FeedRefresher Refresher, long Id) whole = await AddAsync(wholeHost, await window.AddAsync("whole"));
        (FeedRefresher Refresher, long Id) same = await AddAsync(knownHost, await window.AddAsync("same"));
        Func<TimeSpan> serverCpu = () => notModifiedChild is null ? TimeSpan.Zero : notModifiedChild.Cpu + windowChild!.Cpu;

        var results = Labels.Keys.ToDictionary(kind => kind, _ => new List<double>());
        StatementProfile? statements = null;
        Microsoft.Data.Sqlite.SqliteConnection? writer = null;
        int parsedNewest = Entries;
        for (int round = 0; round <= rounds; round++)
        {
            // Round 0 warms up (JIT, pools, SQLite pages) and is not counted.
            var measured = new Dictionary<string, double>();
            if (kinds.Contains("unchanged"))
            {
                measured["unchanged"] = await MeasureAsync(polls, () => unchangedRefresher.RefreshAsync(unchangedId, CancellationToken.None), RefreshStatus.NotModified, expectNew: false, serverCpu);
            }

            if (kinds.Contains("known"))
            {
                await window.PrepareAsync("known", polls, advance: true);
                measured["known"] = await MeasureAsync(polls, () => known.Refresher.RefreshAsync(known.Id, CancellationToken.None), RefreshStatus.Updated, expectNew: true, serverCpu);
            }

            if (kinds.Contains("parse"))
            {
                byte[][] documents = [.. Enumerable.Range(parsedNewest + 1, polls).Select(newest => BenchmarkFeeds.WordPressWindow(newest, Entries, "parse.example"))];
                parsedNewest += polls;
                measured["parse"] = await MeasureParseAsync(documents, serverCpu);
            }

            if (keep is not null && kinds.Contains("known") && (round == 0 || round == rounds))
            {
                Directory.CreateDirectory(keep);
                knownHost.Backup(Path.Combine(keep, round == 0 ? "before.db" : "after.db"));
            }

            if (kinds.Contains("whole"))
            {
                await window.PrepareAsync("whole", polls, advance: true);
                measured["whole"] = await MeasureAsync(polls, () => whole.Refresher.RefreshAsync(whole.Id, CancellationToken.None), RefreshStatus.Updated, expectNew: true, serverCpu);
            }

            if (kinds.Contains("same"))
            {
                await window.PrepareAsync("same", polls, advance: false);
                measured["same"] = await MeasureAsync(polls, () => same.Refresher.RefreshAsync(same.Id, CancellationToken.None), RefreshStatus.Updated, expectNew: false, serverCpu);
            }

            if (round == 0 && sql && kinds.Contains("known"))
            {
                // The warm-up's polls opened the writer's connection; no batch runs between rounds.
                writer = (knownHost.Services.GetRequiredService<StorageBackend>().Writes as SqliteBatchWriter)?.Connection
                    ?? throw new InvalidOperationException("--sql needs the SQLite writer (Storage:BatchWrites on, the default)");
                statements = new StatementProfile();
                statements.Attach(writer);
            }

            if (round > 0)
            {
                foreach ((string kind, double cpu) in measured)
                {
                    results[kind].Add(cpu);
                }

                Console.WriteLine($"round {round}: " + string.Join(", ", measured.Select(m => $"{Labels[m.Key]} {m.Value:F3} ms")) + " CPU per poll");
                Console.WriteLine($"round {round}: " + string.Join(", ", measured.Keys.Zip(Allocated[^measured.Count..], (kind, bytes) => $"{Labels[kind]} {bytes / 1024.0:F1} KB")) + " allocated per poll");
                if (!inProcess)
                {
                    Console.WriteLine($"round {round}: " + string.Join(", ", measured.Keys.Zip(ServerCpu[^measured.Count..], (kind, cpu) => $"{Labels[kind]} {cpu:F3} ms")) + " CPU per poll of the feed server (child process)");
                }
            }
        }

        if (statements is not null)
        {
            statements.Detach(writer!);
            statements.Report(Console.Out, rounds * polls, "poll");
        }

        if (kinds.Count < 4 || kinds.Contains("parse"))
        {
            foreach (string kind in kinds)
            {
                Console.WriteLine($"  {Labels[kind]}: {Median(results[kind]):F3} ms CPU per poll (median of {rounds} rounds of {polls} polls)");
            }

            return;
        }

        double baseline = Median(results["unchanged"]);
        double knownMedian = Median(results["known"]);
        double wholeMedian = Median(results["whole"]);
        Console.WriteLine($"{rounds} rounds of {polls} polls, medians of CPU per poll ({(inProcess ? "process total, feed server included" : "FeedHub alone, feed server in a child process")}):");
        Console.WriteLine($"  unchanged (304) poll:                             {baseline:F3} ms  (1.0x)");
        Console.WriteLine($"  changed poll, 1 new of {Entries}, known entries touched: {knownMedian:F3} ms  ({knownMedian / baseline:F1}x)");
        Console.WriteLine($"  changed poll, 1 new of {Entries}, every entry normalized: {wholeMedian:F3} ms  ({wholeMedian / baseline:F1}x)");
        double sameMedian = Median(results["same"]);
        Console.WriteLine($"  200 with all {Entries} entries known, nothing new:      {sameMedian:F3} ms  ({sameMedian / baseline:F1}x)");
        Console.WriteLine($"  every-entry / known-touched: {wholeMedian / knownMedian:F1}x");
    }

    private static async Task<(FeedRefresher, long)> AddAsync(BenchmarkHost host, Uri url)
    {
        FeedSource source = await host.Services.GetRequiredService<ISourceStore>().UpsertAsync(new SourceDefinition { Url = url.AbsoluteUri }, CancellationToken.None);
        var refresher = host.Services.GetRequiredService<FeedRefresher>();
        RefreshResult first = await refresher.RefreshAsync(source.Id, CancellationToken.None);
        if (first.NewItems != Entries)
        {
            throw new InvalidOperationException($"the first poll should store {Entries} items, stored {first.NewItems}: {first.Error}");
        }

        return (refresher, source.Id);
    }

    private static Task<double> MeasureAsync(int polls, Func<Task<RefreshResult>> poll, RefreshStatus expected, bool expectNew, Func<TimeSpan> serverCpu) =>
        MeasureAsync(
            polls,
            async _ =>
            {
                RefreshResult result = await poll();
                if (result.Status != expected || (result.NewItems, result.UpdatedItems) != (expectNew ? 1 : 0, 0))
                {
                    throw new InvalidOperationException($"expected {expected} with {(expectNew ? 1 : 0)} new item, got {result.Status}, {result.NewItems} new, {result.UpdatedItems} updated: {result.Error}");
                }
            },
            serverCpu);

    /// <summary>CPU and bytes allocated per step of <paramref name="steps"/> runs of <paramref name="step"/>.</summary>
    private static async Task<double> MeasureAsync(int steps, Func<int, Task> step, Func<TimeSpan> serverCpu)
    {
        using var process = Process.GetCurrentProcess();
        TimeSpan serverBefore = serverCpu();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        TimeSpan before = process.TotalProcessorTime;
        for (int i = 0; i < steps; i++)
        {
            await step(i);
        }

        process.Refresh();
        double cpu = (process.TotalProcessorTime - before).TotalMilliseconds / steps;
        // Bytes allocated per poll (the feed server's included): unlike CPU time, it does not move
        // with the load other processes put on a shared machine.
        Allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / steps);
        ServerCpu.Add((serverCpu() - serverBefore).TotalMilliseconds / steps);
        return cpu;
    }

    /// <summary>CPU and allocations per document of CodeHollow's own parse, in this process.</summary>
    private static Task<double> MeasureParseAsync(byte[][] documents, Func<TimeSpan> serverCpu) =>
        MeasureAsync(
            documents.Length,
            i =>
            {
                int entries = CodeHollow.FeedReader.FeedReader.ReadFromByteArray(documents[i]).Items.Count;
                return entries == Entries ? Task.CompletedTask : throw new InvalidOperationException($"parsed {entries} entries, not {Entries}");
            },
            serverCpu);

    private static double Median(List<double> values)
    {
        List<double> sorted = [.. values.Order()];
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Where the windows are served: in this process or in the child.</summary>
    private interface IWindowFeeds
    {
        /// <summary>A path serving its first window; its URL.</summary>
        Task<Uri> AddAsync(string path);

        /// <summary>Builds the path's next documents before a round, outside the CPU measured.</summary>
        /// <param name="advance">Whether each document has one new entry more than the last (else the same window again).</param>
        Task PrepareAsync(string path, int documents, bool advance);
    }

    /// <summary>The window server in the child, driven over its control endpoints.</summary>
    private sealed class RemoteWindowFeeds(HttpClient client, Uri baseUri) : IWindowFeeds
    {
        public async Task<Uri> AddAsync(string path)
        {
            using HttpResponseMessage response = await client.PostAsync(new Uri(baseUri, $"_add?path={path}"), null);
            response.EnsureSuccessStatusCode();
            return new Uri(baseUri, path);
        }

        public async Task PrepareAsync(string path, int documents, bool advance)
        {
            using HttpResponseMessage response = await client.PostAsync(
                new Uri(baseUri, string.Create(CultureInfo.InvariantCulture, $"_prepare?path={path}&documents={documents}&advance={advance}")), null);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Serves each path's next window at each request; documents are built before a
    /// round, outside the CPU measured. As a child process it takes its paths and rounds over
    /// <c>POST /_add</c> and <c>POST /_prepare</c>.</summary>
    internal sealed class WindowServer : IAsyncDisposable, IWindowFeeds
    {
        private readonly WebApplication _app;
        private readonly Dictionary<string, (Queue<byte[]> Documents, int Newest)> _paths = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        private WindowServer(WebApplication app, Uri baseUri)
        {
            _app = app;
            BaseUri = baseUri;
        }

        public Uri BaseUri { get; }

        public static async Task<WindowServer> StartAsync(bool remoteControl)
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            WebApplication app = builder.Build();
            WindowServer? server = null;
            app.Run(context => remoteControl && HttpMethods.IsPost(context.Request.Method) ? server!.ControlAsync(context) : server!.ServeAsync(context));
            await app.StartAsync();
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server = new WindowServer(app, new Uri(address.TrimEnd('/') + "/"));
            return server;
        }

        public Task<Uri> AddAsync(string path)
        {
            Add(path);
            return Task.FromResult(new Uri(BaseUri, path));
        }

        public Task PrepareAsync(string path, int documents, bool advance)
        {
            Prepare(path, documents, advance);
            return Task.CompletedTask;
        }

        private void Add(string path)
        {
            lock (_lock)
            {
                _paths[path] = (new Queue<byte[]>([BenchmarkFeeds.WordPressWindow(Entries, Entries, path + ".example")]), Entries);
            }
        }

        private void Prepare(string path, int documents, bool advance)
        {
            lock (_lock)
            {
                (Queue<byte[]> queue, int newest) = _paths[path];
                for (int i = 0; i < documents; i++)
                {
                    newest += advance ? 1 : 0;
                    queue.Enqueue(BenchmarkFeeds.WordPressWindow(newest, Entries, path + ".example"));
                }

                _paths[path] = (queue, newest);
            }
        }

        private Task ControlAsync(HttpContext context)
        {
            IQueryCollection query = context.Request.Query;
            string path = query["path"].ToString();
            switch (context.Request.Path.Value)
            {
                case "/_add":
                    Add(path);
                    break;
                case "/_prepare":
                    Prepare(path, int.Parse(query["documents"].ToString(), CultureInfo.InvariantCulture), bool.Parse(query["advance"].ToString()));
                    break;
                default:
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    break;
            }

            return Task.CompletedTask;
        }

        private Task ServeAsync(HttpContext context)
        {
            byte[] body;
            lock (_lock)
            {
                body = _paths[context.Request.Path.Value!.TrimStart('/')].Documents.Dequeue();
            }

            context.Response.ContentType = "application/rss+xml; charset=utf-8";
            return context.Response.Body.WriteAsync(body).AsTask();
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>The item store with no entry ever known: every poll normalizes the whole document,
    /// as FeedHub did before raw hashes (the hashing itself still runs: a slight overstatement).</summary>
    private sealed class NothingKnown(IItemStore inner) : IItemStore
    {
        public static void Register(IServiceCollection services)
        {
            ServiceDescriptor original = services.Last(service => service.ServiceType == typeof(IItemStore));
            services.AddSingleton<IItemStore>(provider => new NothingKnown((IItemStore)original.ImplementationFactory!(provider)));
        }

        public Task<StoreResult> CommitRefreshAsync(long sourceId, IReadOnlyList<FeedItem> items, PollOutcome outcome, CancellationToken cancellationToken) =>
            inner.CommitRefreshAsync(sourceId, items, outcome, cancellationToken);

        public Task<StoreResult?> CommitUnchangedDocumentAsync(long sourceId, PollOutcome outcome, CancellationToken cancellationToken) =>
            inner.CommitUnchangedDocumentAsync(sourceId, outcome, cancellationToken);

        public Task<IReadOnlyList<KnownItem>> FindKnownAsync(long sourceId, IReadOnlyList<string> rawHashes, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<KnownItem>>([]);
    }
}
