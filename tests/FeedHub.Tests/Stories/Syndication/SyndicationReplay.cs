using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Tests.Stories.Syndication;

/// <summary>Feeds a <see cref="SyndicationWorld"/> to the stores the way the worker would: each
/// source is polled on its own interval and commits what it published since its last poll, in
/// the order the polls happen.</summary>
public static class SyndicationReplay
{
    /// <returns>The store's source id of each simulated source (by index).</returns>
    public static async Task<Dictionary<int, long>> RunAsync(SyndicationWorld world, ISourceStore sources, IItemStore items, Action<DateTimeOffset> setClock, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<int, long>();
        foreach (SimSource source in world.Sources.Where(source => source.Polled))
        {
            FeedSource stored = await sources.UpsertAsync(
                new SourceDefinition { Url = source.Url, Title = source.Title, IsOrigin = source.IsOrigin, Credits = source.Credits },
                cancellationToken);
            ids[source.Index] = stored.Id;
        }

        var random = new Random(7);
        var polls = new List<(DateTimeOffset At, int Source)>();
        DateTimeOffset start = world.Items[0].PublishedAt;
        DateTimeOffset end = world.Items[^1].PublishedAt.AddHours(2);
        foreach (int source in ids.Keys)
        {
            TimeSpan interval = TimeSpan.FromMinutes(20 + random.Next(100));
            for (DateTimeOffset at = start.AddMinutes(random.Next(60)); at <= end + interval; at += interval)
            {
                polls.Add((at, source));
            }
        }

        polls.Sort((a, b) => a.At.CompareTo(b.At));
        ILookup<int, SimItem> bySource = world.Items.ToLookup(item => item.Source);
        var next = ids.Keys.ToDictionary(source => source, _ => 0);
        foreach ((DateTimeOffset at, int source) in polls)
        {
            List<SimItem> due = bySource[source].Skip(next[source]).TakeWhile(item => item.PublishedAt <= at).ToList();
            if (due.Count == 0)
            {
                continue;
            }

            next[source] += due.Count;
            setClock(at);
            var outcome = new PollOutcome { CheckedAt = at, HttpStatus = 200, NextDueAt = at.AddMinutes(30) };
            await items.CommitRefreshAsync(ids[source], due.ConvertAll(ToFeedItem), outcome, cancellationToken);
        }

        return ids;
    }

    public static FeedItem ToFeedItem(SimItem item) => new()
    {
        ItemKey = item.Key,
        ContentHash = "h-" + item.Key,
        Guid = item.Link,
        Link = item.Link,
        CanonicalLink = item.Link,
        Title = item.Title,
        ContentHtml = item.Html,
        PublishedAt = item.PublishedAt,
    };
}
