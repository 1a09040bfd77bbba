using System.Globalization;

namespace FeedHub.LoadFarm.Driving;

/// <summary>The few readings the harness takes from FeedHub's <c>/metrics</c>: a counter's sum over
/// its labels and a histogram's cumulative buckets.</summary>
internal sealed class PrometheusText(string text)
{
    private readonly string[] _lines = text.Split('\n');

    public int SeriesCount => _lines.Count(line => line.Length > 0 && line[0] != '#');

    public double Sum(string name) => Samples(name).Sum(sample => sample.Value);

    /// <summary>(upper bound, cumulative count) of <c>NAME_bucket</c>, +Inf last.</summary>
    public IReadOnlyList<(double Le, double Count)> Buckets(string name) =>
        [.. Samples(name + "_bucket")
            .Select(sample => (Le: ParseValue(Label(sample.Labels, "le")), sample.Value))
            .GroupBy(bucket => bucket.Le)
            .Select(group => (group.Key, group.Sum(bucket => bucket.Value)))
            .OrderBy(bucket => bucket.Key)];

    private IEnumerable<(string Labels, double Value)> Samples(string name)
    {
        foreach (string line in _lines)
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || (line[name.Length] != '{' && line[name.Length] != ' '))
            {
                continue;
            }

            int close = line[name.Length] == '{' ? line.IndexOf('}', StringComparison.Ordinal) : name.Length - 1;
            string labels = line[name.Length] == '{' ? line[(name.Length + 1)..close] : string.Empty;
            string[] rest = line[(close + 1)..].Trim().Split(' ');
            yield return (labels, ParseValue(rest[0]));
        }
    }

    private static string Label(string labels, string key)
    {
        string prefix = key + "=\"";
        int start = labels.IndexOf(prefix, StringComparison.Ordinal);
        return start < 0 ? string.Empty : labels[(start + prefix.Length)..labels.IndexOf('"', start + prefix.Length)];
    }

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>The quantile of a histogram's counts (bucket differences between two scrapes),
    /// linearly interpolated inside its bucket as Prometheus' histogram_quantile does.</summary>
    public static double? Quantile(IReadOnlyList<(double Le, double Count)> before, IReadOnlyList<(double Le, double Count)> after, double quantile)
    {
        double[] counts = [.. after.Select(bucket => bucket.Count - before.FirstOrDefault(b => b.Le == bucket.Le).Count)];
        double total = counts.Length == 0 ? 0 : counts[^1];
        if (total <= 0)
        {
            return null;
        }

        double rank = quantile * total;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] >= rank)
            {
                double lower = i == 0 ? 0 : after[i - 1].Le;
                double upper = after[i].Le;
                if (double.IsPositiveInfinity(upper))
                {
                    return lower;
                }

                double below = i == 0 ? 0 : counts[i - 1];
                double inBucket = counts[i] - below;
                return inBucket <= 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
            }
        }

        return null;
    }
}
