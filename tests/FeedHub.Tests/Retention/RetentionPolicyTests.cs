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
    public void An_item_listed_with_the_newest_ones_stays_though_its_time_is_behind_theirs_by_up_to_the_precision()
    {
        // A 304 for a year after a document that listed the item: its time was not moved by that
        // last listing because it had been moved less than LastSeen.Precision before, while a new
        // entry of the same document was stored with the document's time.
        DateTimeOffset latestDocument = Now.AddDays(-400);
        DateTimeOffset listedBehind = latestDocument - LastSeen.Precision + TimeSpan.FromTicks(1);

        Assert.False(Year.IsItemPurgeable(listedBehind, latestDocument, sourceRemoved: false, Now));
        Assert.False(Year.IsItemPurgeable(latestDocument - LastSeen.Precision, latestDocument, sourceRemoved: false, Now));
        // Further behind, a later document no longer listed it.
        Assert.True(Year.IsItemPurgeable(latestDocument - LastSeen.Precision - TimeSpan.FromTicks(1), latestDocument, sourceRemoved: false, Now));
        Assert.Equal(latestDocument - LastSeen.Precision, RetentionPolicy.PurgeBefore(Year.ItemCutoff(Now)!.Value, latestDocument, sourceRemoved: false));
    }

    [Fact]
    public void A_listed_items_time_moves_only_when_it_is_older_than_the_precision()
    {
        Assert.Equal(TimeSpan.FromDays(1), LastSeen.Precision);
        Assert.Equal(Now.AddDays(-1), LastSeen.StaleUpTo(Now));
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
