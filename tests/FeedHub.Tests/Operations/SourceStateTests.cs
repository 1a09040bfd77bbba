using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Tests.Operations;

public sealed class SourceStateTests
{
    private static readonly DateTimeOffset Now = new(2025, 5, 8, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public void Every_source_is_in_exactly_the_state_its_poll_record_says()
    {
        SourceStatus fresh = new() { Id = 1, Url = "https://a.example/feed", Enabled = true };
        SourceStatus ok = fresh with { LastCheckedAt = Now.AddMinutes(-5), LastSuccessAt = Now.AddMinutes(-5) };
        SourceStatus failing = ok with { ConsecutiveFailures = 3, FailingSince = Now.AddHours(-23) };
        SourceStatus failingLong = failing with { FailingSince = Now - Day };
        SourceStatus paused = failingLong with { Enabled = false };
        SourceStatus gone = ok with { Enabled = false, LastHttpStatus = 410, ConsecutiveFailures = 1, FailingSince = Now };

        Assert.Equal(SourceState.Pending, SourceStates.Classify(fresh, Now, Day));
        Assert.Equal(SourceState.Ok, SourceStates.Classify(ok, Now, Day));
        Assert.Equal(SourceState.Failing, SourceStates.Classify(failing, Now, Day));
        Assert.Equal(SourceState.FailingTooLong, SourceStates.Classify(failingLong, Now, Day));
        Assert.Equal(SourceState.Failing, SourceStates.Classify(failingLong, Now, Day * 2));
        Assert.Equal(SourceState.Paused, SourceStates.Classify(paused, Now, Day));
        Assert.Equal(SourceState.Gone, SourceStates.Classify(gone, Now, Day));
    }

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(4, 0, 0.0)]
    [InlineData(4, 1, 0.25)]
    [InlineData(3, 3, 1.0)]
    public void The_share_of_304s_is_over_all_polls(long polls, long notModified, double? share)
    {
        SourceStatus status = new() { Id = 1, Url = "https://a.example/feed", PollCount = polls, NotModifiedCount = notModified };

        Assert.Equal(share, status.NotModifiedShare);
    }
}
