using FeedHub.Worker.AdminApi.Auth;
using Microsoft.OpenApi;

namespace FeedHub.Worker.AdminApi;

/// <summary>The OpenAPI document of the admin API at <c>/openapi/v1.json</c>.</summary>
internal static class AdminOpenApi
{
    private const string BearerScheme = "bearer";
    private const string HeaderScheme = "apiKey";

    public static IServiceCollection AddAdminOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "FeedHub admin API";
                document.Info.Description = "Add, change, pause and remove feed sources; import and export OPML; read the audit log. " +
                    "Every call needs an API key in 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'.";
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
                document.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, document)] = [] },
                ];
                return Task.CompletedTask;
            });
        });
}
