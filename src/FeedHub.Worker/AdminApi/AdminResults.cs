using FeedHub.Administration;
using FeedHub.Worker.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedHub.Worker.AdminApi;

/// <summary>Turns an <see cref="AdminOutcome"/> into the HTTP answer: ProblemDetails for every error,
/// with the field errors of an invalid request as a validation problem.</summary>
internal static class AdminResults
{
    public static ValidationProblem Invalid(AdminOutcome outcome) =>
        TypedResults.ValidationProblem(outcome.Errors ?? new Dictionary<string, string[]>(), outcome.Error, title: "Invalid source");

    public static ProblemHttpResult Problem(AdminOutcome outcome) => outcome.Status switch
    {
        AdminStatus.NotFound => TypedResults.Problem(outcome.Error, statusCode: StatusCodes.Status404NotFound, title: "Not Found"),
        AdminStatus.Duplicate => TypedResults.Problem(outcome.Error, statusCode: StatusCodes.Status409Conflict, title: "Duplicate URL",
            extensions: outcome.Source is null ? null : new Dictionary<string, object?> { ["sourceId"] = outcome.Source.Source.Id }),
        AdminStatus.NotAFeed => TypedResults.Problem(outcome.Error, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not a feed"),
        AdminStatus.Conflict => TypedResults.Problem(outcome.Error, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.Status, "Not an error, or a validation problem."),
    };

    public static string Actor(HttpContext context) =>
        context.User.Identity?.Name ?? throw new InvalidOperationException("Admin endpoints run only for an authenticated key.");
}
