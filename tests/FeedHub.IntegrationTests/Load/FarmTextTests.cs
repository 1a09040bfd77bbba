using FeedHub.LoadFarm.Farm;
using FeedHub.LoadFarm.Keys;

namespace FeedHub.IntegrationTests.Load;

/// <summary>The load farm's text at a fixed seed, through FeedHub's own story keys: unrelated
/// items must share few keys (the farm's fixed frames once gave a portal's own article no key
/// carried by fewer than ~400 items of 5,000, docs/load.md), copies of one release most of theirs.</summary>
public sealed class FarmTextTests
{
    private const int Feeds = 200;

    private static readonly Lazy<(List<FeedEntry> Entries, Dictionary<string, int?> Truth, List<IReadOnlyCollection<long>> Keys)> Farm = new(() =>
    {
        (List<FeedEntry> entries, Dictionary<string, int?> truth) = KeysCommand.FarmEntries(Feeds, 5, 12);
        return (entries, truth, EntryKeys.Compute(entries));
    });

    [Fact]
    public void Own_stories_of_different_portals_share_few_keys()
    {
        (List<FeedEntry> entries, Dictionary<string, int?> truth, List<IReadOnlyCollection<long>> keys) = Farm.Value;
        List<IReadOnlyCollection<long>> own = [.. keys.Where((_, i) => truth[FarmTruth.Link(entries[i].Link!)] is null)];
        KeyDistribution distribution = KeyDistribution.Of(own);

        Assert.True(own.Count > Feeds * 3, $"{own.Count} own stories");
        // No formula phrase in more than a tenth of the stories, and most postings on keys of one or a few items.
        Assert.True(distribution.Top[0] <= own.Count / 10, distribution.ToString());
        Assert.True(distribution.ShareOverFivePercent < 0.05, distribution.ToString());
        Assert.True(distribution.SingleItemKeyShare > 0.6, distribution.ToString());
    }

    [Fact]
    public void Copies_of_one_release_share_most_of_their_keys()
    {
        (List<FeedEntry> entries, Dictionary<string, int?> truth, List<IReadOnlyCollection<long>> keys) = Farm.Value;
        var copies = Enumerable.Range(0, entries.Count)
            .Select(i => (Release: truth[FarmTruth.Link(entries[i].Link!)], Keys: keys[i]))
            .Where(item => item.Release is not null)
            .GroupBy(item => item.Release!.Value)
            .Where(release => release.Count() > 1)
            .ToList();
        var containments = new List<double>();
        foreach (var release in copies)
        {
            var items = release.ToList();
            for (int a = 0; a < items.Count; a++)
            {
                for (int b = a + 1; b < items.Count; b++)
                {
                    int shared = items[a].Keys.Intersect(items[b].Keys).Count();
                    containments.Add(shared / (double)Math.Min(items[a].Keys.Count, items[b].Keys.Count));
                }
            }
        }

        containments.Sort();
        Assert.True(copies.Count > 10, $"{copies.Count} releases with copies");
        Assert.True(containments[containments.Count / 2] >= 0.7, $"median containment {containments[containments.Count / 2]:F2}");
        Assert.True(containments[containments.Count / 10] >= 0.4, $"10th percentile {containments[containments.Count / 10]:F2}");
    }

    [Fact]
    public void Portal_copies_are_sometimes_edited_and_keep_the_release_s_lead()
    {
        (List<FeedEntry> entries, Dictionary<string, int?> truth, _) = Farm.Value;
        var copies = entries.Where(entry => truth[FarmTruth.Link(entry.Link!)] is not null)
            .GroupBy(entry => truth[FarmTruth.Link(entry.Link!)]!.Value)
            .Where(release => release.Count() > 3)
            .ToList();

        // Some releases carry more than one headline and more than one body, as retitled and trimmed copies do.
        Assert.Contains(copies, release => release.Select(entry => entry.Title).Distinct().Count() > 1);
        Assert.Contains(copies, release => release.Select(entry => Paragraphs(entry.BodyHtml).Count).Distinct().Count() > 1);
        // Every copy keeps the lead.
        Assert.All(copies, release => Assert.Single(release.Select(entry => Paragraphs(entry.BodyHtml)[1]).Distinct()));
    }

    [Fact]
    public void The_text_is_the_same_for_the_same_seed_and_differs_for_another()
    {
        (List<FeedEntry> first, _) = KeysCommand.FarmEntries(30, 5, 12);
        (List<FeedEntry> again, _) = KeysCommand.FarmEntries(30, 5, 12);
        (List<FeedEntry> other, _) = KeysCommand.FarmEntries(30, 5, 13);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(entry => entry.BodyHtml), other.Select(entry => entry.BodyHtml));
    }

    [Fact]
    public void Bodies_stay_about_one_and_a_half_kilobytes()
    {
        double mean = Farm.Value.Entries.Average(entry => System.Text.Encoding.UTF8.GetByteCount(entry.BodyHtml!));

        Assert.InRange(mean, 1200, 2000);
    }

    private static List<string> Paragraphs(string? html) => FeedHub.Core.Stories.StoryText.Paragraphs(html);
}
