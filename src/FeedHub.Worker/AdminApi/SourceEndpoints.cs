using FeedHub.Administration;
using FeedHub.Administration.Opml;
using FeedHub.Core.Scheduling;
using FeedHub.Ingestion.Secrets;
using FeedHub.Worker.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.AdminApi;

/// <summary><c>/api/sources</c>: list, add, show, change, pause, resume, refresh and remove sources,
/// import and export OPML.</summary>
internal static class SourceEndpoints
{
    private const string OpmlContentType = "text/x-opml";

    public static RouteGroupBuilder MapSourceEndpoints(this RouteGroupBuilder api)
    {
        RouteGroupBuilder sources = api.MapGroup("/sources").WithTags("Sources");
        sources.MapGet("/", ListAsync).WithName("ListSources").WithSummary("Every source, with its poll state and item count.");
        sources.MapPost("/", AddAsync).WithName("AddSource")
            .WithSummary("Add a source. The URL is checked and, unless probe=false, fetched once to confirm it is a feed; "
                + "a site's URL is replaced by the one feed found on it, or answered with 300 and the feeds found (post again with pick=N or one of their URLs).")
            .Produces<FoundFeedResponse[]>(StatusCodes.Status300MultipleChoices)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        sources.MapGet("/export", ExportAsync).WithName("ExportSources")
            .WithSummary("Every source as OPML 2.0; request headers only with includeSecrets=true (audited).")
            .Produces<string>(StatusCodes.Status200OK, OpmlContentType);
        sources.MapPost("/import", ImportAsync).WithName("ImportSources")
            .WithSummary("Import an OPML subscription list: new URLs added, existing ones updated, never duplicated.")
            .Accepts<string>(OpmlContentType, "application/xml", "text/xml")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        sources.MapGet("/{id:long}", GetAsync).WithName("GetSource").WithSummary("One source, with its last error and next poll.");
        sources.MapMethods("/{id:long}", [HttpMethods.Patch], UpdateAsync).WithName("UpdateSource")
            .WithSummary("Change a source; absent members stay as they are.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        sources.MapDelete("/{id:long}", RemoveAsync).WithName("RemoveSource")
            .WithSummary("Remove a source; its items stay published unless purge=true.");
        sources.MapPost("/{id:long}/pause", (long id, HttpContext context, SourceAdministration admin, CadenceSettings cadence) => SetEnabledAsync(id, false, context, admin, cadence))
            .WithName("PauseSource").WithSummary("Stop polling a source.");
        sources.MapPost("/{id:long}/resume", (long id, HttpContext context, SourceAdministration admin, CadenceSettings cadence) => SetEnabledAsync(id, true, context, admin, cadence))
            .WithName("ResumeSource").WithSummary("Poll a paused source again.");
        sources.MapPost("/{id:long}/refresh", RefreshAsync).WithName("RefreshSource")
            .WithSummary("Poll a source now (in the background).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return sources;
    }

    private static async Task<Ok<SourceResponse[]>> ListAsync(SourceAdministration admin, CadenceSettings cadence, CancellationToken cancellationToken) =>
        TypedResults.Ok((await admin.ListAsync(cancellationToken)).Select(view => SourceResponse.From(view, cadence)).ToArray());

    private static async Task<Results<Ok<SourceResponse>, ProblemHttpResult>> GetAsync(long id, SourceAdministration admin, CadenceSettings cadence, CancellationToken cancellationToken)
    {
        SourceView? source = await admin.GetAsync(id, cancellationToken);
        return source is null
            ? TypedResults.Problem($"No source with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not Found")
            : TypedResults.Ok(SourceResponse.From(source, cadence));
    }

    private static async Task<Results<Created<SourceResponse>, JsonHttpResult<FoundFeedResponse[]>, ProblemHttpResult, ValidationProblem>> AddAsync(CreateSourceRequest request, bool? probe, HttpContext context, SourceAdministration admin, CadenceSettings cadence, CancellationToken cancellationToken)
    {
        var input = new SourceInput
        {
            Url = request.Url,
            Title = request.Title,
            Tags = request.Tags,
            Interval = request.Interval,
            IsOrigin = request.IsOrigin,
            Credits = request.Credits,
            Pick = request.Pick,
            UserAgent = request.UserAgent,
            Headers = request.Headers,
            Timeout = request.Timeout,
            MaxResponseBytes = request.MaxResponseBytes,
            KeepRules = request.KeepRules,
            BlockRules = request.BlockRules,
        };
        AdminOutcome outcome = await admin.AddAsync(input, probe ?? true, AdminResults.Actor(context), cancellationToken);
        return outcome switch
        {
            { Succeeded: true } => TypedResults.Created($"/api/sources/{outcome.Source!.Source.Id}", SourceResponse.From(outcome.Source, cadence)),
            { Status: AdminStatus.MultipleFeeds } => TypedResults.Json(
                outcome.Found!.Select(FoundFeedResponse.From).ToArray(), statusCode: StatusCodes.Status300MultipleChoices),
            { Status: AdminStatus.Invalid } => AdminResults.Invalid(outcome),
            _ => AdminResults.Problem(outcome),
        };
    }

    private static async Task<Results<Ok<SourceResponse>, ProblemHttpResult, ValidationProblem>> UpdateAsync(long id, UpdateSourceRequest request, HttpContext context, SourceAdministration admin, CadenceSettings cadence, CancellationToken cancellationToken)
    {
        var patch = new SourcePatch
        {
            Url = request.Url,
            Title = request.Title,
            Tags = request.Tags,
            Interval = request.Interval,
            UseDefaultInterval = request.UseDefaultInterval,
            IsOrigin = request.IsOrigin,
            Credits = request.Credits,
            Enabled = request.Enabled,
            UserAgent = request.UserAgent,
            UseDefaultUserAgent = request.UseDefaultUserAgent,
            Headers = request.Headers,
            Timeout = request.Timeout,
            UseDefaultTimeout = request.UseDefaultTimeout,
            MaxResponseBytes = request.MaxResponseBytes,
            UseDefaultMaxResponseBytes = request.UseDefaultMaxResponseBytes,
            KeepRules = request.KeepRules,
            BlockRules = request.BlockRules,
        };
        AdminOutcome outcome = await admin.UpdateAsync(id, patch, AdminResults.Actor(context), cancellationToken);
        return outcome switch
        {
            { Succeeded: true } => TypedResults.Ok(SourceResponse.From(outcome.Source!, cadence)),
            { Status: AdminStatus.Invalid } => AdminResults.Invalid(outcome),
            _ => AdminResults.Problem(outcome),
        };
    }

    private static async Task<Results<Ok<SourceResponse>, ProblemHttpResult>> SetEnabledAsync(long id, bool enabled, HttpContext context, SourceAdministration admin, CadenceSettings cadence)
    {
        AdminOutcome outcome = await admin.SetEnabledAsync(id, enabled, AdminResults.Actor(context), context.RequestAborted);
        return outcome.Succeeded ? TypedResults.Ok(SourceResponse.From(outcome.Source!, cadence)) : AdminResults.Problem(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(long id, bool? purge, HttpContext context, SourceAdministration admin, CancellationToken cancellationToken)
    {
        AdminOutcome outcome = await admin.RemoveAsync(id, purge ?? false, AdminResults.Actor(context), cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : AdminResults.Problem(outcome);
    }

    private static async Task<Results<Accepted<SourceResponse>, ProblemHttpResult>> RefreshAsync(long id, HttpContext context, SourceAdministration admin, CadenceSettings cadence, ScheduledSourceChanges schedule, CancellationToken cancellationToken)
    {
        SourceView? source = await admin.GetAsync(id, cancellationToken);
        if (source is null)
        {
            return AdminResults.Problem(AdminOutcome.NotFound(id));
        }

        if (!source.Source.Enabled)
        {
            return AdminResults.Problem(new AdminOutcome(AdminStatus.Conflict, Error: $"Source {id} is paused; resume it first."));
        }

        if (!await schedule.PollNowAsync(id, cancellationToken))
        {
            // Not yet picked up by the synchronizer: wake it; it schedules a first poll within the start-up window.
            await schedule.SourcesChangedAsync(id, pollSoon: false, cancellationToken);
        }

        await admin.RecordAsync(AdminResults.Actor(context), "refresh", id, "poll requested", cancellationToken);
        return TypedResults.Accepted($"/api/sources/{id}", SourceResponse.From(source, cadence));
    }

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(HttpContext context, SourceAdministration admin, IOptions<AdminOptions> options, CancellationToken cancellationToken)
    {
        int limit = options.Value.MaxImportBytes;
        var body = new MemoryStream();
        byte[] buffer = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > limit)
            {
                return TypedResults.Problem($"The OPML document is larger than {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload Too Large");
            }

            body.Write(buffer, 0, read);
        }

        body.Position = 0;
        OpmlDocument document;
        try
        {
            document = OpmlReader.Read(body);
        }
        catch (OpmlFormatException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid OPML");
        }

        ImportSummary summary = await admin.ImportAsync(document, AdminResults.Actor(context), progress: null, cancellationToken);
        return TypedResults.Ok(ImportResponse.From(summary));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ExportAsync(bool? includeSecrets, HttpContext context, SourceAdministration admin, CancellationToken cancellationToken)
    {
        // Built whole before the status line, so a failure is a 500 and never half a file.
        var buffer = new MemoryStream();
        try
        {
            await admin.ExportAsync(buffer, includeSecrets ?? false, cancellationToken);
        }
        catch (SecretUnavailableException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "The sources' headers cannot be decrypted", detail: ex.Message);
        }

        if (includeSecrets == true)
        {
            // Who took the secrets out, and when.
            await admin.RecordAsync(AdminResults.Actor(context), "export", null, "exported the sources with their request headers", cancellationToken);
        }

        buffer.Position = 0;
        return TypedResults.Stream(buffer, OpmlContentType + "; charset=utf-8", "feedhub-sources.opml");
    }
}
