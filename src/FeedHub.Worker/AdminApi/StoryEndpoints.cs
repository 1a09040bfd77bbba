using FeedHub.Administration;
using FeedHub.Administration.Stories;
using FeedHub.Core.Stories;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedHub.Worker.AdminApi;

/// <summary><c>/api/stories</c>: why a story is what it is, and an admin's corrections (split, merge).</summary>
internal static class StoryEndpoints
{
    public static RouteGroupBuilder MapStoryEndpoints(this RouteGroupBuilder api)
    {
        RouteGroupBuilder stories = api.MapGroup("/stories").WithTags("Stories");
        stories.MapGet("/{id:long}", GetAsync).WithName("GetStory")
            .WithSummary("A story's members, its origin and why, and why each member joined (same link, similarity score and threshold, credit line).");
        stories.MapPost("/split", SplitAsync).WithName("SplitStory")
            .WithSummary("The item leaves its story and starts its own; audited, and later polls respect it.");
        stories.MapPost("/merge", MergeAsync).WithName("MergeStories")
            .WithSummary("Two stories become one: the older keeps its id and feed GUID, the other's entry leaves the feeds; audited.");
        return stories;
    }

    private static async Task<Results<Ok<StoryResponse>, ProblemHttpResult, ValidationProblem>> GetAsync(
        long id, StoryAdministration admin, CancellationToken cancellationToken)
    {
        StoryOutcome<StoryExplanation> outcome = await admin.ExplainAsync(id, cancellationToken);
        return outcome switch
        {
            { Value: { } story } => TypedResults.Ok(StoryResponse.From(story)),
            { Status: AdminStatus.Invalid } => Invalid(outcome),
            _ => NotFound(outcome),
        };
    }

    private static async Task<Results<Ok<SplitStoryResponse>, ProblemHttpResult, ValidationProblem>> SplitAsync(
        SplitStoryRequest request, HttpContext context, StoryAdministration admin, CancellationToken cancellationToken)
    {
        StoryOutcome<StorySplit> outcome = await admin.SplitAsync(request.ItemId, AdminResults.Actor(context), cancellationToken);
        return outcome switch
        {
            { Value: { } split } => TypedResults.Ok(new SplitStoryResponse(split.ItemId, split.FromStoryId, split.StoryId, split.Changed)),
            { Status: AdminStatus.Invalid } => Invalid(outcome),
            _ => NotFound(outcome),
        };
    }

    private static async Task<Results<Ok<MergeStoriesResponse>, ProblemHttpResult, ValidationProblem>> MergeAsync(
        MergeStoriesRequest request, HttpContext context, StoryAdministration admin, CancellationToken cancellationToken)
    {
        StoryOutcome<StoryMerge> outcome = await admin.MergeAsync(request.StoryId, request.OtherStoryId, AdminResults.Actor(context), cancellationToken);
        return outcome switch
        {
            { Value: { } merge } => TypedResults.Ok(new MergeStoriesResponse(merge.KeptStoryId, merge.RemovedStoryId, merge.MovedItems)),
            { Status: AdminStatus.Invalid } => Invalid(outcome),
            _ => NotFound(outcome),
        };
    }

    private static ValidationProblem Invalid<T>(StoryOutcome<T> outcome)
        where T : class =>
        TypedResults.ValidationProblem(outcome.Errors ?? new Dictionary<string, string[]>(), outcome.Error, title: "Invalid request");

    private static ProblemHttpResult NotFound<T>(StoryOutcome<T> outcome)
        where T : class =>
        TypedResults.Problem(outcome.Error, statusCode: StatusCodes.Status404NotFound, title: "Not Found");
}
