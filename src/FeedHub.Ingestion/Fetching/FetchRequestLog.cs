using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace FeedHub.Ingestion.Fetching;

/// <summary>The feed client's request log, in place of <c>IHttpClientFactory</c>'s logging handlers:
/// the same lines under the same category, <c>System.Net.Http.HttpClient.FeedHub.Fetching.ClientHandler</c>
/// (each request sent, at Information; its response's status and time to headers, at Information;
/// header names at Trace). Those handlers opened a logging scope and formatted the request's URL for
/// every request whatever the level, about half of an unchanged poll's fetching (docs/benchmarks.md,
/// "The unchanged path, fifth pass"); this one does nothing while its category is off. Header values
/// are never written (per-source headers carry tokens and cookies), and a query string shows as
/// <c>?*</c>, as the factory's handlers show it.</summary>
public sealed partial class FetchRequestLog(ILogger logger) : DelegatingHandler
{
    /// <summary>The category the factory's inner handler logged under, so that settings operators
    /// already use keep working.</summary>
    public const string Category = "System.Net.Http.HttpClient." + FetchingServiceCollectionExtensions.HttpClientName + ".ClientHandler";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        LogSending(request.Method, Redacted(request.RequestUri));
        if (logger.IsEnabled(LogLevel.Trace))
        {
            LogRequestHeaders(HeaderNames(request.Headers, request.Content?.Headers));
        }

        long started = Stopwatch.GetTimestamp();
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
        LogReceived(Stopwatch.GetElapsedTime(started).TotalMilliseconds, (int)response.StatusCode);
        if (logger.IsEnabled(LogLevel.Trace))
        {
            LogResponseHeaders(HeaderNames(response.Headers, response.Content.Headers));
        }

        return response;
    }

    private static string Redacted(Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri)
        {
            return uri?.ToString() ?? "";
        }

        string withoutQuery = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return string.IsNullOrEmpty(uri.Query) ? withoutQuery : withoutQuery + "?*";
    }

    private static string HeaderNames(HttpHeaders headers, HttpHeaders? contentHeaders)
    {
        var text = new StringBuilder();
        foreach (KeyValuePair<string, IEnumerable<string>> header in headers)
        {
            text.Append(header.Key).Append(": *\n");
        }

        if (contentHeaders is not null)
        {
            foreach (KeyValuePair<string, IEnumerable<string>> header in contentHeaders)
            {
                text.Append(header.Key).Append(": *\n");
            }
        }

        return text.ToString();
    }

    [LoggerMessage(EventId = 100, EventName = "RequestStart", Level = LogLevel.Information, Message = "Sending HTTP request {HttpMethod} {Uri}")]
    private partial void LogSending(HttpMethod httpMethod, string uri);

    [LoggerMessage(EventId = 101, EventName = "RequestEnd", Level = LogLevel.Information, Message = "Received HTTP response headers after {ElapsedMilliseconds}ms - {StatusCode}")]
    private partial void LogReceived(double elapsedMilliseconds, int statusCode);

    [LoggerMessage(EventId = 102, EventName = "RequestHeader", Level = LogLevel.Trace, Message = "Request Headers:\n{Headers}")]
    private partial void LogRequestHeaders(string headers);

    [LoggerMessage(EventId = 103, EventName = "ResponseHeader", Level = LogLevel.Trace, Message = "Response Headers:\n{Headers}")]
    private partial void LogResponseHeaders(string headers);
}
