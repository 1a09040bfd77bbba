using System.Globalization;
using FeedHub.Publishing;
using FeedHub.Publishing.Changes;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace FeedHub.Worker.Feeds;

/// <summary>Answers a request with a rendered document: content coding chosen from
/// Accept-Encoding, 304 on a matching If-None-Match (or, without one, If-Modified-Since),
/// validators and caching headers on both.</summary>
internal static class DocumentResponse
{
    public static Task WriteAsync(HttpContext context, RenderedDocument document, string cacheControl)
    {
        HttpResponse response = context.Response;
        (byte[] body, string etag, string? coding) = Choose(context.Request.Headers.AcceptEncoding, document);

        IHeaderDictionary headers = response.Headers;
        headers.ETag = etag;
        headers.LastModified = document.LastModifiedText;
        headers.CacheControl = cacheControl;
        headers.Vary = "Accept-Encoding";
        if (document.LinkHeader is not null)
        {
            headers.Link = document.LinkHeader;
        }

        if (IsNotModified(context.Request, etag, document.LastModified))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = document.ContentType;
        headers.XContentTypeOptions = "nosniff";
        if (coding is not null)
        {
            headers.ContentEncoding = coding;
        }

        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }

    private static (byte[] Body, string ETag, string? Coding) Choose(StringValues acceptEncoding, RenderedDocument document)
    {
        // Tiny bodies are not worth a coding (nor a Content-Encoding header).
        if (acceptEncoding.Count == 0 || document.Body.Length < 512)
        {
            return (document.Body, document.ETag, null);
        }

        if (Accepts(acceptEncoding, "br"))
        {
            return (document.Brotli, document.BrotliETag, "br");
        }

        if (Accepts(acceptEncoding, "gzip"))
        {
            return (document.Gzip, document.GzipETag, "gzip");
        }

        return (document.Body, document.ETag, null);
    }

    private static bool Accepts(StringValues acceptEncoding, string coding)
    {
        foreach (string? header in acceptEncoding)
        {
            if (header is null || !StringWithQualityHeaderValue.TryParseList(header.Split(','), out IList<StringWithQualityHeaderValue>? values))
            {
                continue;
            }

            foreach (StringWithQualityHeaderValue value in values)
            {
                if (StringSegment.Equals(value.Value, coding, StringComparison.OrdinalIgnoreCase) || value.Value == "*")
                {
                    return value.Quality is not 0;
                }
            }
        }

        return false;
    }

    private static bool IsNotModified(HttpRequest request, string etag, DateTimeOffset lastModified)
    {
        // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 13.2.2).
        StringValues ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            foreach (string? header in ifNoneMatch)
            {
                if (header is not null && Matches(header, etag))
                {
                    return true;
                }
            }

            return false;
        }

        string? ifModifiedSince = request.Headers.IfModifiedSince;
        return ifModifiedSince is not null
            && DateTimeOffset.TryParseExact(ifModifiedSince, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset since)
            && lastModified <= since;
    }

    // Weak comparison, as If-None-Match requires: W/ prefixes are ignored.
    private static bool Matches(string header, string etag)
    {
        foreach (string part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
            if (candidate == "*" || string.Equals(candidate, etag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
