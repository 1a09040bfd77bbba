namespace FeedHub.Worker.Admin.Http;

/// <summary>The OpenAPI document of the admin API at <c>/openapi/v1.json</c>.</summary>
internal static class AdminOpenApi
{
    public static IServiceCollection AddAdminOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "FeedHub admin API";
                document.Info.Description = "Add, change, pause and remove feed sources; import and export OPML; read the audit log. " +
                    "Every call needs an API key in 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'.";
                return Task.CompletedTask;
            });
        });
}
