using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.AdminApi.Auth;

/// <summary>Authenticates admin requests by API key, taken from <c>Authorization: Bearer KEY</c> or
/// <c>X-Api-Key: KEY</c> and never from the URL: URLs end up in access logs, proxies and browser
/// history. The key itself is never logged or echoed.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyVerifier verifier) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>Query parameters that carry a key in other APIs; a request with one is refused even
    /// when the key is right, so a key pasted into a URL is noticed, not quietly accepted.</summary>
    private static readonly HashSet<string> KeyParameterNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "apikey", "api_key", "api-key", "x-api-key", "access_token", "token", "auth", "authorization",
    };

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Query.Keys.Any(KeyParameterNames.Contains))
        {
            return Task.FromResult(AuthenticateResult.Fail("API keys are accepted only in the Authorization or X-Api-Key header, never in the URL."));
        }

        if (!verifier.Enabled)
        {
            return Task.FromResult(AuthenticateResult.Fail("The admin API is disabled: no key is configured in FeedHub:Admin:ApiKeys."));
        }

        string? presented = ReadKey(Request.Headers);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("An API key is required: send 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'."));
        }

        string? keyId = verifier.Verify(presented);
        if (keyId is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, keyId)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        AuthenticateResult result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            result.Failure?.Message ?? "An API key is required.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized").ExecuteAsync(Context);
    }

    /// <summary>The key of the request, or null when it sends none.</summary>
    internal static string? ReadKey(IHeaderDictionary headers)
    {
        string authorization = headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            string token = authorization["Bearer ".Length..].Trim();
            return token.Length == 0 ? null : token;
        }

        string header = headers[HeaderName].ToString().Trim();
        return header.Length == 0 ? null : header;
    }
}
