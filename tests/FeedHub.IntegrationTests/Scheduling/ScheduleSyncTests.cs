using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.IntegrationTests.Fixtures;
using FeedHub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace FeedHub.IntegrationTests.Scheduling;

/// <summary>The in-memory scheduler's sync with the <c>sources</c> table: while nobody changes the
/// table a look is one aggregate row, and a change made past the worker (another process's write,
/// no signal) is still followed.</summary>
public sealed class ScheduleSyncTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unchanged_table_is_not_read_again_and_a_change_made_elsewhere_is_followed()
    {
        CountingSourceStore? counted = null;
        await using WorkerHost host = await WorkerHost.StartAsync(
            new Dictionary<string, string> { ["FeedHub:Scheduling:DefaultInterval"] = "01:00:00" },
            services: services => services.AddSingleton<ISourceStore>(provider =>
                counted = new CountingSourceStore(provider.GetRequiredService<StorageBackend>().Sources)));
        IScheduler scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        ISourceStore store = host.Services.GetRequiredService<ISourceStore>();
        Assert.NotNull(counted);

        // Written straight to the table, as another process would: no signal reaches the worker.
        FeedSource[] added = [.. await Task.WhenAll(Enumerable.Range(1, 3).Select(i =>
            store.UpsertAsync(new SourceDefinition { Url = $"http://127.0.0.1:9/feed{i}" }, Ct)))];
        await WorkerHost.EventuallyAsync(async () => (await JobsAsync(scheduler)).Count == 3, TimeSpan.FromSeconds(30), "the three sources are scheduled");

        // Two looks first: a look whose stamp predates the last upsert's commit syncs once more.
        int settled = counted.Stamps;
        await WorkerHost.EventuallyAsync(() => Task.FromResult(counted.Stamps >= settled + 2), TimeSpan.FromSeconds(30), "two more looks at the table");

        // Idle: several looks (each a stamp read), no read of the list.
        int lists = counted.Lists;
        int stamps = counted.Stamps;
        await WorkerHost.EventuallyAsync(() => Task.FromResult(counted.Stamps >= stamps + 6), TimeSpan.FromSeconds(30), "six more looks at the table");
        Assert.Equal(lists, counted.Lists);
        Assert.Equal(3, (await JobsAsync(scheduler)).Count);

        // A pause written past the worker moves the stamp: the next look syncs and drops the job.
        await store.SetEnabledAsync(added[1].Id, enabled: false, Ct);
        await WorkerHost.EventuallyAsync(async () => !(await JobsAsync(scheduler)).Contains(added[1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), TimeSpan.FromSeconds(30), "the paused source's job is removed");
        Assert.True(counted.Lists > lists);
        Assert.Equal(2, (await JobsAsync(scheduler)).Count);
    }

    [Fact]
    public async Task A_sources_job_holds_no_data_of_its_own()
    {
        await using WorkerHost host = await WorkerHost.StartAsync(
            new Dictionary<string, string> { ["FeedHub:Scheduling:DefaultInterval"] = "01:00:00" });
        IScheduler scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        ISourceStore store = host.Services.GetRequiredService<ISourceStore>();

        FeedSource added = await store.UpsertAsync(new SourceDefinition { Url = "http://127.0.0.1:9/feed" }, Ct);
        string name = added.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await WorkerHost.EventuallyAsync(async () => (await JobsAsync(scheduler)).Contains(name), TimeSpan.FromSeconds(30), "the source is scheduled");

        // 10,000 jobs each with a dictionary of 15 entries was ~7 MB of a worker's heap: the source
        // id is the job's name, and what the job was scheduled for is the synchronizer's to remember.
        IJobDetail? job = await scheduler.GetJobDetail(new JobKey(name, "sources"), Ct);
        Assert.NotNull(job);
        Assert.Empty(job.JobDataMap);
    }

    private static async Task<HashSet<string>> JobsAsync(IScheduler scheduler) =>
        [.. (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals("sources"), Ct)).Select(key => key.Name)];

    /// <summary>The real store, with its whole-table reads and stamp reads counted.</summary>
    private sealed class CountingSourceStore(ISourceStore inner) : ISourceStore
    {
        private int _lists;
        private int _stamps;

        public int Lists => Volatile.Read(ref _lists);

        public int Stamps => Volatile.Read(ref _stamps);

        public Task<IReadOnlyList<FeedSource>> ListAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lists);
            return inner.ListAsync(cancellationToken);
        }

        public Task<SourceTableStamp> GetStampAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _stamps);
            return inner.GetStampAsync(cancellationToken);
        }

        public Task<FeedSource?> GetAsync(long id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<FeedSource?> FindByUrlAsync(string url, CancellationToken cancellationToken) => inner.FindByUrlAsync(url, cancellationToken);

        public Task<FeedSource> UpsertAsync(SourceDefinition definition, CancellationToken cancellationToken) => inner.UpsertAsync(definition, cancellationToken);

        public Task<bool> SetEnabledAsync(long id, bool enabled, CancellationToken cancellationToken) => inner.SetEnabledAsync(id, enabled, cancellationToken);

        public Task<bool> DeleteAsync(long id, bool purgeItems, CancellationToken cancellationToken) => inner.DeleteAsync(id, purgeItems, cancellationToken);

        public Task<bool> RecordPollAsync(long sourceId, PollOutcome outcome, CancellationToken cancellationToken) => inner.RecordPollAsync(sourceId, outcome, cancellationToken);
    }
}
