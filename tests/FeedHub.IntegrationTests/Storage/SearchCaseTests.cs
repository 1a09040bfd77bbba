using FeedHub.Core.Items;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Storage;

namespace FeedHub.IntegrationTests.Storage;

/// <summary>Runs the one table of <see cref="SearchCases"/> on each storage provider through the
/// story query, the way the merged feeds use it.</summary>
public abstract class SearchCaseTests(StorageProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Searches_and_tag_filters_fold_case_and_accents_for_all_of_unicode()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync(provider);
        List<string> failures = await RunAsync(db.Sources, db.Items, db.Stories, () => db.Clock.Advance(TimeSpan.FromSeconds(1)), db.Clock.GetUtcNow);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>Stores every case, runs every query, and returns the cases that came out wrong.</summary>
    internal static async Task<List<string>> RunAsync(ISourceStore sources, IItemStore items, IStoryReader stories, Action tick, Func<DateTimeOffset> now)
    {
        FeedSource searched = await sources.UpsertAsync(new SourceDefinition { Url = "https://search.example/feed", Title = "search" }, Ct);
        List<FeedItem> searchItems = [.. SearchCases.Searches.Select((c, i) => SearchItem(c, i))];
        tick();
        await items.CommitRefreshAsync(searched.Id, searchItems, TestItems.Ok(now()), Ct);

        FeedSource categorized = await sources.UpsertAsync(new SourceDefinition { Url = "https://categories.example/feed", Title = "categories" }, Ct);
        List<TagCase> onItems = [.. SearchCases.Tags.Where(c => !c.OnSource)];
        tick();
        await items.CommitRefreshAsync(categorized.Id, [.. onItems.Select((c, i) => TagItem(c, 1000 + i, [c.Stored]))], TestItems.Ok(now()), Ct);
        int n = 2000;
        foreach (TagCase tagged in SearchCases.Tags.Where(c => c.OnSource))
        {
            FeedSource source = await sources.UpsertAsync(new SourceDefinition { Url = $"https://{tagged.Name}.example/feed", Title = tagged.Name, Tags = [tagged.Stored] }, Ct);
            tick();
            await items.CommitRefreshAsync(source.Id, [TagItem(tagged, n++, [])], TestItems.Ok(now()), Ct);
        }

        // Each case must be a story of its own, or a search could find it through another's origin.
        StoryPage all = await stories.QueryStoriesAsync(new StoryQuery { Limit = 500 }, Ct);
        string[] merged = [.. SearchCases.Searches.Select(c => c.Name).Concat(SearchCases.Tags.Select(c => c.Name))
            .Except(all.Stories.Select(s => s.Item.ItemKey))];
        if (merged.Length > 0)
        {
            return [$"Not stories of their own: {string.Join(", ", merged)}"];
        }

        List<string> failures = [];
        foreach (SearchCase search in SearchCases.Searches)
        {
            StoryPage page = await stories.QueryStoriesAsync(new StoryQuery { Limit = 500, Words = search.Query.Split(' ') }, Ct);
            bool found = page.Stories.Any(s => s.Item.ItemKey == search.Name);
            if (found != search.Finds)
            {
                failures.Add($"{search.Name}: q={search.Query} on \"{search.Stored}\" should {(search.Finds ? "" : "not ")}find it");
            }
        }

        foreach (TagCase tag in SearchCases.Tags)
        {
            StoryPage page = await stories.QueryStoriesAsync(new StoryQuery { Limit = 500, Selections = [new StorySelection { Tags = [tag.Filter] }] }, Ct);
            bool selected = page.Stories.Any(s => s.Item.ItemKey == tag.Name);
            if (selected != tag.Selects)
            {
                failures.Add($"{tag.Name}: tag={tag.Filter} on \"{tag.Stored}\" should {(tag.Selects ? "" : "not ")}select it");
            }
        }

        return failures;
    }

    private static FeedItem SearchItem(SearchCase search, int index) => Item(search.Name, index) with
    {
        Title = search.Field == SearchField.Title ? search.Stored : $"Kasus {index}",
        Summary = search.Field == SearchField.Summary ? search.Stored : null,
        ContentHtml = search.Field == SearchField.Content ? search.Stored : null,
    };

    private static FeedItem TagItem(TagCase tag, int index, IReadOnlyList<string> categories) => Item(tag.Name, index) with
    {
        Title = $"Kasus tag {index}",
        Categories = categories,
    };

    private static FeedItem Item(string key, int index) =>
        TestItems.Item(key, canonicalLink: $"https://news.example/{key}", publishedAt: StorageTestDatabase.Start.AddMinutes(-index)) with
        {
            Summary = null,
            ContentHtml = null,
            Categories = [],
        };
}

public sealed class SearchCaseTestsOnSqlite() : SearchCaseTests(StorageProvider.Sqlite);

public sealed class SearchCaseTestsOnPostgres() : SearchCaseTests(StorageProvider.Postgres);
