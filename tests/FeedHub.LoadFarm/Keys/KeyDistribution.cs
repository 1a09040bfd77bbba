using System.Globalization;
using System.Text;

namespace FeedHub.LoadFarm.Keys;

/// <summary>How FeedHub's story keys spread over items: a key carried by many items makes every
/// new item that has it read all of their postings (docs/load.md, "Story keys"). Thresholds are
/// given in items and, so that corpora of different sizes compare, as a share of the items.
/// <see cref="PostingsReadPerItem"/> is what the candidate lookup of an item like the stored ones
/// reads: the postings of all its keys, on average (the sum over keys of items², over items).</summary>
internal sealed record KeyDistribution(
    int Items,
    long Postings,
    int DistinctKeys,
    double PostingsPerItem,
    double PostingsReadPerItem,
    double ShareOver16,
    double ShareOver64,
    double ShareOver256,
    double ShareOverOnePercent,
    double ShareOverFivePercent,
    double KeysOverOnePercentPer1000Items,
    double SingleItemKeyShare,
    int[] Percentiles,
    int[] Top)
{
    public static readonly double[] PercentileRanks = [0.5, 0.9, 0.99, 0.999];

    /// <param name="keysByItem">Each item's distinct keys.</param>
    public static KeyDistribution Of(IReadOnlyCollection<IReadOnlyCollection<long>> keysByItem)
    {
        ArgumentNullException.ThrowIfNull(keysByItem);
        var itemsPerKey = new Dictionary<long, int>();
        long postings = 0;
        foreach (IReadOnlyCollection<long> keys in keysByItem)
        {
            foreach (long key in keys)
            {
                itemsPerKey[key] = itemsPerKey.GetValueOrDefault(key) + 1;
                postings++;
            }
        }

        int items = keysByItem.Count;
        int[] counts = [.. itemsPerKey.Values.Order()];
        double Share(double over) => postings == 0 ? 0 : counts.Where(c => c > over).Sum(c => (long)c) / (double)postings;
        double onePercent = items / 100.0;
        return new KeyDistribution(
            items,
            postings,
            counts.Length,
            items == 0 ? 0 : postings / (double)items,
            items == 0 ? 0 : counts.Sum(c => (double)c * c) / items,
            Share(16),
            Share(64),
            Share(256),
            Share(onePercent),
            Share(items / 20.0),
            items == 0 ? 0 : counts.Count(c => c > onePercent) * 1000.0 / items,
            counts.Length == 0 ? 0 : counts.Count(c => c == 1) / (double)counts.Length,
            [.. PercentileRanks.Select(rank => counts.Length == 0 ? 0 : counts[Math.Min(counts.Length - 1, (int)(rank * counts.Length))])],
            [.. counts.Reverse().Take(10)]);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"items={Items} postings={Postings} keys={DistinctKeys} postings/item={PostingsPerItem:F1} postings_read/item={PostingsReadPerItem:F0}\n");
        text.Append(CultureInfo.InvariantCulture, $"  postings on keys of >16 items={ShareOver16:P1} >64={ShareOver64:P1} >256={ShareOver256:P1}\n");
        text.Append(CultureInfo.InvariantCulture, $"  postings on keys of >1% of items={ShareOverOnePercent:P1} >5%={ShareOverFivePercent:P1}; keys of >1% per 1,000 items={KeysOverOnePercentPer1000Items:F1}\n");
        text.Append(CultureInfo.InvariantCulture, $"  keys of one item={SingleItemKeyShare:P1}; items per key p50/p90/p99/p99.9={string.Join('/', Percentiles)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  top keys' items={string.Join(' ', Top)} (per 1,000 items: {string.Join(' ', Top.Select(t => (t * 1000.0 / Math.Max(1, Items)).ToString("F0", CultureInfo.InvariantCulture)))})");
        return text.ToString();
    }
}
