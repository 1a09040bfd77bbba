using FeedHub.Core.Stories;
using FeedHub.Storage;
using Microsoft.Extensions.Options;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>The common-key bounds are checked at start: a bound below one story, or an item bound
/// below the story bound (a key could never be common by stories first), is refused with its key.</summary>
public sealed class StoryOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new StoryOptionsValidator().Validate(null, new StoryOptions()).Succeeded);
    }

    [Fact]
    public void A_story_bound_below_one_is_refused()
    {
        ValidateOptionsResult result = new StoryOptionsValidator().Validate(null, new StoryOptions { MaxStoriesPerKey = 0 });

        Assert.True(result.Failed);
        Assert.Contains("FeedHub:Stories:MaxStoriesPerKey must be at least 1, not 0.", result.Failures);
    }

    [Fact]
    public void An_item_bound_below_the_story_bound_is_refused()
    {
        ValidateOptionsResult result = new StoryOptionsValidator().Validate(null, new StoryOptions { MaxStoriesPerKey = 100, MaxItemsPerKey = 50 });

        Assert.True(result.Failed);
        Assert.Contains("FeedHub:Stories:MaxItemsPerKey must be at least MaxStoriesPerKey (100), not 50.", result.Failures);
    }

    [Fact]
    public void A_feature_cache_below_one_megabyte_is_refused()
    {
        ValidateOptionsResult result = new StoryOptionsValidator().Validate(null, new StoryOptions { FeatureCacheMegabytes = 0 });

        Assert.True(result.Failed);
        Assert.Contains("FeedHub:Stories:FeatureCacheMegabytes must be at least 1, not 0.", result.Failures);
    }
}
