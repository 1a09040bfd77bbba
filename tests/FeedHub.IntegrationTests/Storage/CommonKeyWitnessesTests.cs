using FeedHub.Core.Stories;
using FeedHub.Storage.Stories;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>The memory of common keys: bounded by bytes, never emptied at once, and what is still
/// used or newly read again is kept. (What it decides is in <see cref="StoryKeyPostingsTests"/>.)</summary>
public sealed class CommonKeyWitnessesTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static readonly StoryOptions Options = new() { MaxStoriesPerKey = 64, MaxItemsPerKey = 1024 };

    // 65 stories a minute apart before noon: one more than the default bound, as the reader keeps them.
    private static readonly StoryPosting[] PerStory =
        [.. Enumerable.Range(0, 65).Select(i => new StoryPosting(1_000 + i, Noon.AddMinutes(-i)))];

    [Fact]
    public void What_is_held_stays_within_the_byte_budget_and_never_falls_to_nothing()
    {
        var witnesses = new CommonKeyWitnesses(budgetBytes: 64 * 1024);
        var held = new List<long>();
        for (long key = 0; key < 2_000; key++)
        {
            witnesses.Remember(key, PerStory, Noon);
            held.Add(witnesses.Bytes);
        }

        Assert.All(held, bytes => Assert.InRange(bytes, 0, 64 * 1024));
        Assert.All(held.Skip(200), bytes => Assert.InRange(bytes, 32 * 1024, 64 * 1024));
        Assert.True(witnesses.ShowCommon(1_999, Noon.AddDays(-1), Noon, Noon, Options));
        Assert.False(witnesses.ShowCommon(0, Noon.AddDays(-1), Noon, Noon, Options));
    }

    [Fact]
    public void A_witness_of_64_stories_holds_less_than_a_kilobyte()
    {
        var witnesses = new CommonKeyWitnesses();
        witnesses.Remember(1, PerStory, Noon);

        // Only the posting times are read: 8 bytes each, not a story id and an offset beside them.
        Assert.InRange(witnesses.Bytes, 65 * 8, 1024);
    }

    [Fact]
    public void A_witness_in_use_survives_the_turnovers_that_drop_the_others()
    {
        var witnesses = new CommonKeyWitnesses(budgetBytes: 64 * 1024);
        witnesses.Remember(-1, PerStory, Noon);
        for (long key = 0; key < 2_000; key++)
        {
            witnesses.Remember(key, PerStory, Noon);
            Assert.True(witnesses.ShowCommon(-1, Noon.AddDays(-1), Noon, Noon, Options));
        }
    }

    [Fact]
    public void An_expired_witness_is_replaced_by_the_one_read_again()
    {
        var witnesses = new CommonKeyWitnesses();
        witnesses.Remember(1, PerStory, Noon);
        DateTimeOffset later = Noon + CommonKeyWitnesses.Lifetime + TimeSpan.FromMinutes(1);
        Assert.False(witnesses.ShowCommon(1, Noon.AddDays(-1), later, later, Options));

        witnesses.Remember(1, PerStory, later);

        Assert.True(witnesses.ShowCommon(1, Noon.AddDays(-1), later, later, Options));
    }

    [Fact]
    public void The_window_is_compared_as_instants_whatever_the_offsets()
    {
        var witnesses = new CommonKeyWitnesses();
        TimeSpan jakarta = TimeSpan.FromHours(7);
        witnesses.Remember(1, [.. PerStory.Select(p => p with { PublishedAt = p.PublishedAt.ToOffset(jakarta) })], Noon);

        // The oldest posting exactly at the window's start: inside; a tick later: outside, 64 left.
        DateTimeOffset oldest = Noon.AddMinutes(-64);
        Assert.True(witnesses.ShowCommon(1, oldest.ToOffset(-jakarta), Noon, Noon, Options));
        Assert.False(witnesses.ShowCommon(1, oldest.AddTicks(1), Noon, Noon, Options));
    }
}
