using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using FeedHub.Core.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedHub.Ingestion.Fetching;

/// <summary>Fetches feeds with conditional GET, following and checking each redirect itself, within a
/// decoded-byte limit and a deadline that covers the whole body, throttled per host and overall.</summary>
public sealed partial class FeedFetcher : IFeedFetcher
{
    private const string AcceptFeeds =
        "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly FetchOptions _options;
    private readonly NetworkAddressPolicy _policy;
    private readonly FetchThrottle _throttle;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FeedFetcher> _logger;

    public FeedFetcher(
        IHttpClientFactory httpClientFactory,
        IOptions<FetchOptions> options,
        NetworkAddressPolicy policy,
        FetchThrottle throttle,
        TimeProvider timeProvider,
        ILogger<FeedFetcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _policy = policy;
        _throttle = throttle;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        (Uri? start, string? error) = SourceUrlPolicy.Validate(request.Url, _policy);
        if (start is null)
        {
            LogRefused(request.Url, error!);
            return FetchResult.Failure(request.Url, error!);
        }

        // The deadline runs only while a request is in flight, not while waiting for a throttle slot,
        // so a queue of sources does not time out before it starts.
        var limits = new Limits(
            Min(request.Settings.Timeout, _options.Timeout),
            Math.Min(request.Settings.MaxResponseBytes ?? _options.MaxResponseBytes, _options.MaxResponseBytes),
            request.Settings.UserAgent ?? _options.UserAgent ?? FetchUserAgent.Build(_options.Contact),
            start);
        using var deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var budget = new DeadlineBudget(deadline, limits.Timeout, _timeProvider);

        Uri current = start;
        var visited = new HashSet<string>(StringComparer.Ordinal) { current.AbsoluteUri };
        bool everyHopPermanent = true;
        int redirects = 0;
        HttpClient client = _httpClientFactory.CreateClient(FetchingServiceCollectionExtensions.HttpClientName);

        while (true)
        {
            Hop hop;
            try
            {
                hop = await FetchOnceAsync(client, current, request, limits, budget, linked.Token, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return Failed(current, $"timed out after {Seconds(limits.Timeout)} s");
            }
            catch (OperationCanceledException)
            {
                // Neither the caller nor our deadline: the handler's connect timeout.
                return Failed(current, $"connection timed out after {Seconds(_options.ConnectTimeout)} s");
            }
            catch (Exception ex) when (IsNetworkFailure(ex))
            {
                // A cancelled read can surface as an I/O error; report it for what caused it.
                cancellationToken.ThrowIfCancellationRequested();
                return Failed(current, deadline.IsCancellationRequested
                    ? $"timed out after {Seconds(limits.Timeout)} s"
                    : Describe(ex, current));
            }

            if (hop.Result is FetchResult result)
            {
                bool succeeded = result.Status is FetchStatus.Ok or FetchStatus.NotModified;
                if (redirects > 0 && everyHopPermanent && succeeded)
                {
                    result = result with { PermanentRedirectUrl = current };
                }

                if (result.Status == FetchStatus.Failed)
                {
                    LogFailed(current, result.Error!);
                }

                return result;
            }

            Uri target = hop.RedirectTarget!;
            string? refusal = SourceUrlPolicy.ValidateRedirect(current, target, _policy);
            if (refusal is not null)
            {
                LogRefused(current, refusal);
                return FetchResult.Failure(current, refusal, hop.RedirectStatus);
            }

            if (!visited.Add(target.AbsoluteUri))
            {
                return Failed(current, "redirect loop", hop.RedirectStatus);
            }

            if (++redirects > _options.MaxRedirects)
            {
                return Failed(current, $"too many redirects (more than {_options.MaxRedirects})", hop.RedirectStatus);
            }

            everyHopPermanent &= hop.RedirectStatus is 301 or 308;
            current = target;
        }
    }

    private async Task<Hop> FetchOnceAsync(
        HttpClient client,
        Uri url,
        FetchRequest request,
        Limits limits,
        DeadlineBudget budget,
        CancellationToken token,
        CancellationToken callerToken)
    {
        using IDisposable slot = await _throttle.EnterAsync(url, callerToken);
        budget.Resume();
        long started = _timeProvider.GetTimestamp();
        try
        {
            return await SendAsync(client, url, request, limits, token);
        }
        finally
        {
            budget.Pause();
            if (!callerToken.IsCancellationRequested)
            {
                // A hop that ran into the deadline or used half of it is a slow source: its next
                // fetches wait in the slow lane instead of on the slots healthy feeds need.
                bool slow = token.IsCancellationRequested || _timeProvider.GetElapsedTime(started) >= limits.Timeout / 2;
                if (slow)
                {
                    _throttle.ReportSlow(url);
                }
                else
                {
                    _throttle.ReportTimely(url);
                }
            }
        }
    }

    private async Task<Hop> SendAsync(HttpClient client, Uri url, FetchRequest request, Limits limits, CancellationToken token)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.TryAddWithoutValidation("User-Agent", limits.UserAgent);
        message.Headers.TryAddWithoutValidation("Accept", AcceptFeeds);
        if (SameOrigin(url, limits.Origin))
        {
            // A source's token or cookie is for its own server: a redirect elsewhere (another host,
            // port or scheme) must not hand it to whoever that is.
            foreach ((string name, string value) in request.Settings.Headers)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (IsSingleLine(request.ETag))
        {
            message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        }

        if (IsSingleLine(request.LastModified))
        {
            message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
        }

        using HttpResponseMessage response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token);
        int status = (int)response.StatusCode;

        if (status is 301 or 302 or 303 or 307 or 308)
        {
            Uri? location = response.Headers.Location;
            if (location is null)
            {
                return new Hop(FetchResult.Failure(url, $"HTTP {status} redirect without a usable Location header", status));
            }

            Uri target = location.IsAbsoluteUri ? location : new Uri(url, location);
            return new Hop(null, target, status);
        }

        string? etag = RawHeader(response.Headers.NonValidated, "ETag");
        string? lastModified = RawHeader(response.Content.Headers.NonValidated, "Last-Modified");

        if (status == 304)
        {
            return new Hop(new FetchResult
            {
                Status = FetchStatus.NotModified,
                HttpStatus = status,
                FinalUrl = url,
                ETag = etag ?? request.ETag,
                LastModified = lastModified ?? request.LastModified,
                Hints = CacheHints.Read(response, _timeProvider.GetUtcNow()),
            });
        }

        if (status is < 200 or > 299)
        {
            TimeSpan? retryAfter = status is 429 or 503 ? ReadRetryAfter(response.Headers.RetryAfter) : null;
            return new Hop(FetchResult.Failure(url, $"HTTP {status} {HttpReasonPhrases.For(status)}".TrimEnd(), status, retryAfter));
        }

        long limit = limits.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            return new Hop(FetchResult.Failure(url, $"response of {response.Content.Headers.ContentLength} bytes exceeds the limit of {limit} bytes", status));
        }

        ReadOnlyMemory<byte>? body = await ReadBodyAsync(response.Content, limit, token);
        if (body is null)
        {
            return new Hop(FetchResult.Failure(url, $"response exceeded {limit} bytes", status));
        }

        return new Hop(new FetchResult
        {
            Status = FetchStatus.Ok,
            HttpStatus = status,
            FinalUrl = url,
            Body = body.Value,
            ContentType = RawHeader(response.Content.Headers.NonValidated, "Content-Type"),
            ETag = etag,
            LastModified = lastModified,
            Hints = CacheHints.Read(response, _timeProvider.GetUtcNow()),
        });
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContent content, long limit, CancellationToken token)
    {
        await using Stream stream = await content.ReadAsStreamAsync(token);
        return await ResponseBody.ReadAsync(stream, content.Headers.ContentLength, limit, token);
    }

    private static TimeSpan Min(TimeSpan? wanted, TimeSpan maximum) => wanted is TimeSpan value && value < maximum ? value : maximum;

    private static bool SameOrigin(Uri url, Uri origin) =>
        string.Equals(url.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.IdnHost, origin.IdnHost, StringComparison.OrdinalIgnoreCase)
        && url.Port == origin.Port;

    private TimeSpan? ReadRetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is TimeSpan delta)
        {
            return delta;
        }

        if (header?.Date is DateTimeOffset date)
        {
            TimeSpan wait = date - _timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private FetchResult Failed(Uri url, string error, int? httpStatus = null)
    {
        LogFailed(url, error);
        return FetchResult.Failure(url, error, httpStatus);
    }

    private static bool IsNetworkFailure(Exception ex) =>
        ex is HttpRequestException or IOException or SocketException or InvalidDataException or AddressRefusedException;

    private static string Describe(Exception ex, Uri url)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is AddressRefusedException refused)
            {
                return refused.Message;
            }
        }

        string detail = OneLine(Innermost(ex).Message);
        return ex switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => $"DNS lookup for {url.IdnHost} failed: {detail}",
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => $"could not connect to {url.Authority}: {detail}",
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => $"TLS with {url.Authority} failed: {detail}",
            HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "the server closed the connection before the response was complete",
            HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } => $"invalid HTTP response: {detail}",
            HttpRequestException => OneLine(ex.Message),
            InvalidDataException => $"the response body could not be decompressed: {detail}",
            _ => $"connection to {url.Authority} failed: {detail}",
        };
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static bool IsSingleLine(string? value) =>
        !string.IsNullOrEmpty(value) && value.IndexOfAny(['\r', '\n']) < 0;

    private static string? RawHeader(HttpHeadersNonValidated headers, string name) =>
        headers.TryGetValues(name, out HeaderStringValues values) && values.Count > 0 ? values.ToString() : null;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to fetch {Url}: {Reason}")]
    private partial void LogRefused(Uri url, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fetching {Url} failed: {Error}")]
    private partial void LogFailed(Uri url, string error);

    /// <summary>What this fetch may spend and send: the source's settings held to the configured maximums.</summary>
    /// <param name="Origin">The source URL, whose origin alone gets the source's headers.</param>
    private sealed record Limits(TimeSpan Timeout, long MaxResponseBytes, string UserAgent, Uri Origin);

    /// <summary>Either the final result of a fetch or the next hop of a redirect.</summary>
    private readonly record struct Hop(FetchResult? Result, Uri? RedirectTarget = null, int? RedirectStatus = null);

    /// <summary>The total deadline, spent only while a request is in flight.</summary>
    private sealed class DeadlineBudget(CancellationTokenSource deadline, TimeSpan total, TimeProvider timeProvider)
    {
        private TimeSpan _remaining = total;
        private long _startedAt;

        public void Resume()
        {
            _startedAt = timeProvider.GetTimestamp();
            deadline.CancelAfter(_remaining > TimeSpan.Zero ? _remaining : TimeSpan.Zero);
        }

        public void Pause()
        {
            deadline.CancelAfter(Timeout.InfiniteTimeSpan);
            _remaining -= timeProvider.GetElapsedTime(_startedAt);
        }
    }
}
