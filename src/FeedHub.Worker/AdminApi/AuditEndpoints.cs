using FeedHub.Administration;
using FeedHub.Worker.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedHub.Worker.AdminApi;

/// <summary><c>GET /api/audit</c>: admin actions, newest first.</summary>
internal static class AuditEndpoints
{
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAsync).WithTags("Audit").WithName("ListAudit")
            .WithSummary("Admin actions newest first; 'before' pages back by entry id.")
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<Results<Ok<AuditResponse[]>, ValidationProblem>> ListAsync(
        int? limit, long? sourceId, long? before, SourceAdministration admin, CancellationToken cancellationToken)
    {
        int take = limit ?? 100;
        if (take is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["limit"] = [$"'limit' must be from 1 to {MaxLimit}."] });
        }

        IReadOnlyList<FeedHub.Core.Storage.AuditEntry> entries = await admin.AuditAsync(take, sourceId, before, cancellationToken);
        return TypedResults.Ok(entries.Select(AuditResponse.From).ToArray());
    }
}
