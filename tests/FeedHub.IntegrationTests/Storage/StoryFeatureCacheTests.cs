using FeedHub.Core.Stories;
using FeedHub.Storage.Stories;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>The feature cache holds what its budget allows and never changes what it hands back.</summary>
public sealed class StoryFeatureCacheTests
{
    private static string Release(int n) =>
        $"Pemerintah Kabupaten {n} menyalurkan bantuan {n * 7} ton beras kepada {n * 3} keluarga di kecamatan {n % 17} pada pekan ini, kata kepala dinas sosial {n} kepada wartawan";

    [Fact]
    public void What_it_holds_stays_within_its_budget()
    {
        var cache = new StoryFeatureCache(budgetBytes: 256 * 1024);
        long most = 0;
        for (int i = 0; i < 5_000; i++)
        {
            cache.Get(Release(i));
            cache.AddStored(i, $"hash-{i}", Release(i));
            most = Math.Max(most, cache.Bytes);
        }

        Assert.InRange(most, 1, 256 * 1024);
        // Level, not emptied when full: the latest entries are there at the end.
        Assert.True(cache.Bytes >= 128 * 1024, $"held {cache.Bytes} bytes");
        Assert.True(cache.TryGetStored(4_999, "hash-4999", out _));
    }

    [Fact]
    public void Features_are_the_same_cached_dropped_or_computed_anew()
    {
        var cache = new StoryFeatureCache(budgetBytes: 64 * 1024);
        string text = Release(42);
        StoryFeatures first = cache.Get(text);
        for (int i = 0; i < 2_000; i++)
        {
            cache.Get(Release(i + 1_000));
        }

        StoryFeatures again = cache.Get(text);
        StoryFeatures fresh = StoryFeatures.From(text);

        Assert.Equal(fresh.Shingles.Order(), again.Shingles.Order());
        Assert.Equal(fresh.Figures.Order(), again.Figures.Order());
        Assert.Equal(fresh.WordCount, again.WordCount);
        Assert.Equal(first.Shingles.Order(), again.Shingles.Order());
    }

    [Fact]
    public void A_stored_copy_is_found_only_with_the_content_it_was_seen_with()
    {
        var cache = new StoryFeatureCache();
        StoredText stored = cache.AddStored(7, "hash-a", Release(7));

        Assert.True(cache.TryGetStored(7, "hash-a", out StoredText? found));
        Assert.Same(stored, found);
        Assert.False(cache.TryGetStored(7, "hash-b", out _));
        Assert.False(cache.TryGetStored(8, "hash-a", out _));
    }
}
