using FeedHub.Worker.AdminApi.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedHub.Worker.Hosting;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>: the public feeds, the status
/// endpoints and the admin API, with the key schemes required by the admin operations only.</summary>
internal static class ApiDocument
{
    private const string BearerScheme = "bearer";
    private const string HeaderScheme = "apiKey";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "FeedHub";
            document.Info.Description = "Merged feeds of regional media centers and the portals that republish them (RSS 2.0, Atom 1.0, JSON Feed 1.1), " +
                "source status, and the admin API: add, change, pause and remove feed sources; import and export OPML; read the audit log. " +
                "Admin calls need an API key in 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An admin API key (see 'FeedHub.Worker admin new-key').",
            };
            document.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
            };
            return Task.CompletedTask;
        });

        // Per operation, not for the document: the feeds and status pages are public.
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
            {
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, context.Document)] = [] },
                ];
            }

            return Task.CompletedTask;
        });
    }
}
