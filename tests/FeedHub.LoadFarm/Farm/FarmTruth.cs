using System.Globalization;
using System.Text;

namespace FeedHub.LoadFarm.Farm;

/// <summary>The farm's ground truth of stories: every entry it has served, by link, with the
/// release it is a copy of (or publishes, on a media center), or none for a portal's own story.
/// Written as TSV (<c>link</c>, tab, release id or empty), by <c>GET /_farm/truth</c> and into a
/// work folder as <see cref="FileName"/>.</summary>
internal static class FarmTruth
{
    public const string FileName = "farm-truth.tsv";

    public static string Tsv(FeedFarm farm, int seed)
    {
        var text = new StringBuilder();
        int releases = FeedContent.ReleasesPerRound(farm.Feeds.Count);
        foreach (FarmFeed feed in farm.Feeds)
        {
            foreach (FarmEntry entry in feed.Served())
            {
                FeedContent.Story story = FeedContent.Compose(feed.Index, entry, releases, seed);
                text.Append(Link(story.Link)).Append('\t').Append(story.ReleaseId?.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }

    public static Dictionary<string, int?> Parse(string tsv)
    {
        var truth = new Dictionary<string, int?>(StringComparer.Ordinal);
        foreach (string line in tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split('\t');
            truth[Link(fields[0])] = fields.Length > 1 && fields[1].Length > 0 ? int.Parse(fields[1], CultureInfo.InvariantCulture) : null;
        }

        return truth;
    }

    /// <summary>An entry's link as both sides can agree on it: FeedHub strips tracking parameters
    /// (its canonical link) and may normalize case and the trailing slash; the farm's links differ
    /// in their path alone.</summary>
    public static string Link(string link)
    {
        if (!Uri.TryCreate(link.Trim(), UriKind.Absolute, out Uri? uri))
        {
            return link.Trim();
        }

        return $"{uri.Host.ToLowerInvariant()}{uri.AbsolutePath.TrimEnd('/')}";
    }
}
