using System.Globalization;
using FeedHub.Core.Retention;
using FeedHub.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Operations.Status;

/// <summary>Read-only JSON: the store at a glance (<c>GET /status</c>) and every source's polls
/// (<c>GET /status/sources</c>, <c>GET /status/sources/{id}</c>).</summary>
public static partial class StatusEndpoints
{
    public static RouteGroupBuilder MapStatusEndpoints(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder status = routes.MapGroup("/status");
        status.MapGet("", SummaryAsync);
        status.MapGet("/sources", ListAsync);
        status.MapGet("/sources/{id}", GetAsync);
        return status;
    }

    private static async Task<Results<Ok<StatusSummary>, ProblemHttpResult>> SummaryAsync(
        HttpContext context, SourceStatusReport report, ISourceStatusReader reader, IRetentionStore store, IOptions<RetentionOptions> retention, ILoggerFactory loggers)
    {
        if (UnknownParameter(context.Request.Query) is { } problem)
        {
            return problem;
        }

        try
        {
            return TypedResults.Ok(await StatusSummary.ReadAsync(report, reader, store, retention.Value, context.RequestAborted));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Unavailable(loggers, ex);
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<SourceStatusView>>, ProblemHttpResult>> ListAsync(HttpContext context, SourceStatusReport report, ILoggerFactory loggers)
    {
        if (UnknownParameter(context.Request.Query) is { } problem)
        {
            return problem;
        }

        try
        {
            return TypedResults.Ok(await report.ListAsync(context.RequestAborted));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Unavailable(loggers, ex);
        }
    }

    private static async Task<Results<Ok<SourceStatusView>, ProblemHttpResult>> GetAsync(string id, HttpContext context, SourceStatusReport report, ILoggerFactory loggers)
    {
        if (UnknownParameter(context.Request.Query) is { } problem)
        {
            return problem;
        }

        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long sourceId) || sourceId < 1)
        {
            return TypedResults.Problem($"'{id}' is not a source id; ids are positive whole numbers.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid source id");
        }

        SourceStatusView? view;
        try
        {
            view = await report.GetAsync(sourceId, context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Unavailable(loggers, ex);
        }

        return view is null
            ? TypedResults.Problem($"There is no source {sourceId}.", statusCode: StatusCodes.Status404NotFound, title: "No such source")
            : TypedResults.Ok(view);
    }

    private static ProblemHttpResult? UnknownParameter(IQueryCollection query) =>
        query.Count == 0
            ? null
            : TypedResults.Problem($"Unknown query parameter '{query.Keys.First()}'.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid query");

    private static ProblemHttpResult Unavailable(ILoggerFactory loggers, Exception ex)
    {
        LogReadFailed(loggers.CreateLogger(typeof(StatusEndpoints)), ex);
        return TypedResults.Problem("The source database is unavailable; try again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unable to read source statuses")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
