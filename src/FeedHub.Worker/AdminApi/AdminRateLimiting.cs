using System.Globalization;
using System.Threading.RateLimiting;
using FeedHub.Worker.AdminApi.Auth;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.AdminApi;

/// <summary>A fixed window of requests per API key, and per client address for requests without a
/// valid key (so guessing keys is slow too). Rejections are 429 with Retry-After, not ASP.NET's 503.</summary>
internal static class AdminRateLimiting
{
    public const string PolicyName = "FeedHubAdmin";

    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = OnRejectedAsync;
        limiter.AddPolicy(PolicyName, Partition);
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        AdminRateLimitOptions options = context.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.RateLimit;
        string? keyId = context.RequestServices.GetRequiredService<ApiKeyVerifier>().Verify(ApiKeyAuthenticationHandler.ReadKey(context.Request.Headers));

        // The socket's address, or the client's as a known proxy reports it (FeedHub:Http):
        // X-Forwarded-For from anyone else is whatever the client says it is, and is not read.
        string partition = keyId is not null ? "key:" + keyId : "address:" + context.Connection.RemoteIpAddress;
        return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitLimit,
            Window = options.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        TimeSpan wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter)
            ? retryAfter
            : rejected.HttpContext.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.RateLimit.Window;
        int seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        HttpResponse response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
            $"Too many admin requests; try again in {seconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too Many Requests").ExecuteAsync(rejected.HttpContext);
    }
}
