using System.Globalization;

namespace FeedHub.IntegrationTests.Operations;

/// <summary>The samples of a Prometheus text exposition, read the way a scraper reads them.</summary>
internal sealed class PrometheusText
{
    private readonly List<Sample> _samples;

    private PrometheusText(List<Sample> samples)
    {
        _samples = samples;
    }

    public static PrometheusText Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int labelsStart = line.IndexOf('{', StringComparison.Ordinal);
            int nameEnd = labelsStart >= 0 ? labelsStart : line.IndexOf(' ', StringComparison.Ordinal);
            string name = line[..nameEnd];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            int valueStart = nameEnd;
            if (labelsStart >= 0)
            {
                int labelsEnd = line.LastIndexOf('}');
                foreach (string pair in SplitLabels(line[(labelsStart + 1)..labelsEnd]))
                {
                    int equals = pair.IndexOf('=', StringComparison.Ordinal);
                    labels[pair[..equals]] = pair[(equals + 1)..].Trim('"');
                }

                valueStart = labelsEnd + 1;
            }

            string value = line[valueStart..].Trim().Split(' ')[0];
            samples.Add(new Sample(name, labels, double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return new PrometheusText(samples);
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include every
    /// pair given; 0 when there are none (a counter not yet incremented is absent).</summary>
    public double Value(string name, params (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out string? v) && v == l.Value)).Sum(s => s.Value);

    /// <summary>Each series (name and label set) once, as <c>name{k="v",...}</c> with sorted labels.</summary>
    public IReadOnlyList<string> Series =>
        [.. _samples.Select(s => s.Name + "{" + string.Join(',', s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}").Distinct(StringComparer.Ordinal)];

    private static IEnumerable<string> SplitLabels(string labels)
    {
        int start = 0;
        bool quoted = false;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] == '"' && (i == 0 || labels[i - 1] != '\\'))
            {
                quoted = !quoted;
            }
            else if (labels[i] == ',' && !quoted)
            {
                yield return labels[start..i];
                start = i + 1;
            }
        }

        if (start < labels.Length)
        {
            yield return labels[start..];
        }
    }

    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
