using FeedHub.Ingestion.Refreshing;

namespace FeedHub.Tests.Refreshing;

/// <summary><c>refresh</c> runs several polls per fetch slot, as the worker claims them, so that polls
/// waiting for their write's commit leave the slots to the next sources.</summary>
public sealed class RefreshBatchPollsInFlightTests
{
    [Theory]
    [InlineData(1, 4)]
    [InlineData(8, 32)]
    [InlineData(0, 4)]
    public void Refresh_runs_four_polls_per_fetch_slot(int fetchSlots, int polls)
    {
        Assert.Equal(polls, RefreshBatch.PollsInFlight(fetchSlots));
    }
}
