using FeedHub.Storage.Caching;

namespace FeedHub.IntegrationTests.Storage;

public sealed class TwoGenerationCacheTests
{
    // Every entry counts 100 bytes; a budget of 1,000 is two generations of 500.
    private static TwoGenerationCache<int, string> Cache() => new(1_000, (_, _) => 100);

    [Fact]
    public void What_is_held_stays_within_the_budget_and_never_falls_to_nothing()
    {
        TwoGenerationCache<int, string> cache = Cache();
        var held = new List<long>();
        for (int i = 0; i < 100; i++)
        {
            cache.Add(i, $"v{i}");
            held.Add(cache.Bytes);
        }

        Assert.All(held, bytes => Assert.InRange(bytes, 0, 1_000));
        // After the first turnover the old generation is always full: never below half the budget.
        Assert.All(held.Skip(5), bytes => Assert.InRange(bytes, 500, 1_000));
        Assert.True(cache.TryGet(99, out string? newest));
        Assert.Equal("v99", newest);
        Assert.False(cache.TryGet(0, out _));
    }

    [Fact]
    public void Add_keeps_a_held_value_and_Set_replaces_it_counting_only_the_difference()
    {
        // Bytes by the value's length: a budget large enough that no turnover happens here.
        var cache = new TwoGenerationCache<int, string>(10_000, (_, value) => value.Length);

        cache.Add(1, "first");
        cache.Add(1, "ignored");
        Assert.True(cache.TryGet(1, out string? added));
        Assert.Equal("first", added);
        Assert.Equal(5, cache.Bytes);

        cache.Set(1, "replaced");
        cache.Set(2, "xy");
        Assert.True(cache.TryGet(1, out string? set));
        Assert.Equal("replaced", set);
        Assert.Equal(10, cache.Bytes);
    }

    [Fact]
    public void An_entry_in_use_survives_turnovers_that_drop_the_others()
    {
        TwoGenerationCache<int, string> cache = Cache();
        cache.Add(-1, "hot");
        for (int i = 0; i < 50; i++)
        {
            cache.Add(i, $"v{i}");
            Assert.True(cache.TryGet(-1, out string? hot), $"lost after {i + 1} others");
            Assert.Equal("hot", hot);
        }

        Assert.False(cache.TryGet(0, out _));
    }

    [Fact]
    public void Adding_a_key_twice_keeps_the_first_value_and_counts_it_once()
    {
        TwoGenerationCache<int, string> cache = Cache();
        cache.Add(1, "first");
        cache.Add(1, "second");

        Assert.True(cache.TryGet(1, out string? value));
        Assert.Equal("first", value);
        Assert.Equal(100, cache.Bytes);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Clear_drops_both_generations()
    {
        TwoGenerationCache<int, string> cache = Cache();
        for (int i = 0; i < 8; i++)
        {
            cache.Add(i, $"v{i}");
        }

        cache.Clear();

        Assert.Equal(0, cache.Bytes);
        Assert.False(cache.TryGet(7, out _));
        Assert.False(cache.TryGet(1, out _));
    }

    [Fact]
    public async Task Concurrent_use_serves_only_a_keys_own_value_and_stays_bounded()
    {
        TwoGenerationCache<int, string> cache = Cache();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                int key = (i * 7 + worker) % 300;
                if (cache.TryGet(key, out string? value))
                {
                    Assert.Equal($"v{key}", value);
                }
                else
                {
                    cache.Add(key, $"v{key}");
                }
            }
        })));

        // A race may count an entry added during a turnover in the generation just retired: a few over.
        Assert.InRange(cache.Bytes, 0, 1_000 + 4 * 100);
    }
}
