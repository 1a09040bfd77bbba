using FeedHub.Core.Retention;

namespace FeedHub.Tests.Retention;

public sealed class RetentionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RetentionPolicy Year = new(new RetentionOptions { ItemMaxAge = TimeSpan.FromDays(365), AuditMaxAge = TimeSpan.FromDays(90) });

    [Fact]
    public void An_item_its_feed_still_lists_stays_however_old_its_last_seen_time()
    {
        // Unchanged feeds answer 304 for a year: nothing touches the items' last-seen times, but the
        // latest document still lists them all.
        DateTimeOffset listed = Now.AddDays(-400);

        Assert.False(Year.IsItemPurgeable(lastSeenAt: listed, sourceLastListedAt: listed, sourceRemoved: false, Now));
    }

    [Fact]
    public void An_item_a_later_document_dropped_goes_once_it_is_past_the_max_age()
    {
        DateTimeOffset latestDocument = Now.AddDays(-1);

        Assert.True(Year.IsItemPurgeable(Now.AddDays(-366), latestDocument, sourceRemoved: false, Now));
        Assert.False(Year.IsItemPurgeable(Now.AddDays(-364), latestDocument, sourceRemoved: false, Now));
    }

    [Fact]
    public void A_removed_source_is_never_fetched_again_so_age_alone_decides()
    {
        DateTimeOffset lastSeen = Now.AddDays(-400);

        Assert.True(Year.IsItemPurgeable(lastSeen, sourceLastListedAt: lastSeen, sourceRemoved: true, Now));
    }

    [Fact]
    public void A_max_age_of_zero_keeps_everything()
    {
        var keepAll = new RetentionPolicy(new RetentionOptions { ItemMaxAge = TimeSpan.Zero, AuditMaxAge = TimeSpan.Zero });

        Assert.Null(keepAll.ItemCutoff(Now));
        Assert.Null(keepAll.AuditCutoff(Now));
        Assert.False(keepAll.IsItemPurgeable(DateTimeOffset.MinValue, Now, sourceRemoved: true, Now));
    }

    [Fact]
    public void Cutoffs_are_now_minus_each_max_age()
    {
        Assert.Equal(Now.AddDays(-365), Year.ItemCutoff(Now));
        Assert.Equal(Now.AddDays(-90), Year.AuditCutoff(Now));
    }
}
