using FeedHub.LoadFarm.Farm;
using FeedHub.LoadFarm.Keys;

namespace FeedHub.IntegrationTests.Load;

/// <summary>The pairwise comparison behind <c>LoadFarm stories</c>.</summary>
public sealed class StoryQualityTests
{
    [Fact]
    public void Pairs_are_counted_per_story_and_per_release()
    {
        // Release 1 has three copies, FeedHub put two in story 10 and one in story 11; release 2 has
        // two copies that FeedHub merged with an own story (story 12); one own story alone.
        var truth = new Dictionary<string, int?>
        {
            ["a.example/1"] = 1, ["b.example/1"] = 1, ["c.example/1"] = 1,
            ["a.example/2"] = 2, ["b.example/2"] = 2,
            ["c.example/own"] = null, ["d.example/own"] = null,
        };
        (string, long)[] items =
        [
            ("a.example/1", 10), ("b.example/1", 10), ("c.example/1", 11),
            ("a.example/2", 12), ("b.example/2", 12), ("c.example/own", 12),
            ("d.example/own", 13), ("e.example/unknown", 14),
        ];

        StoryQuality quality = StoryQuality.Of(items, truth);

        Assert.Equal((8, 7, 4, 2, 2, 5), (quality.Items, quality.Matched, quality.Stories, quality.StoriesOfSeveral, quality.Releases, quality.ReleaseCopies));
        // Predicted: story 10 one pair, story 12 three. True: release 1 three, release 2 one. Correct: one of each.
        Assert.Equal((4L, 4L, 2L), (quality.PredictedPairs, quality.TruePairs, quality.CorrectPairs));
        Assert.Equal(0.5, quality.Precision);
        Assert.Equal(0.5, quality.Recall);
    }

    [Theory]
    [InlineData("https://borneo1.example/berita/2026/12/01/100004/judul/?utm_source=rss&utm_medium=rss", "borneo1.example/berita/2026/12/01/100004/judul")]
    [InlineData("https://Borneo1.EXAMPLE/berita/2026/12/01/100004/judul", "borneo1.example/berita/2026/12/01/100004/judul")]
    [InlineData("http://borneo1.example/berita/2026/12/01/100004/judul/#comments", "borneo1.example/berita/2026/12/01/100004/judul")]
    public void Links_match_with_tracking_parameters_case_and_slash_dropped(string link, string expected)
    {
        Assert.Equal(expected, FarmTruth.Link(link));
    }
}
