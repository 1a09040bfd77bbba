using System.Collections.Concurrent;
using FeedHub.Publishing;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;
using Microsoft.Extensions.Options;

namespace FeedHub.Publishing.Changes;

/// <summary>Tells WebSub hubs that a feed changed (<c>hub.mode=publish</c>), off the ingestion
/// path, retrying with doubling delays. At most one notification per (hub, feed) is in flight; a
/// change that lands meanwhile is sent once more after it, so a hub never misses the last state.</summary>
internal sealed partial class WebSubNotifier(
    IHttpClientFactory clients,
    IOptions<PublishingOptions> options,
    TimeProvider time,
    ILogger<WebSubNotifier> logger) : IAsyncDisposable
{
    public const string HttpClientName = "FeedHub.WebSub";
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(10);

    private readonly PublishingOptions _options = options.Value;
    private readonly CancellationTokenSource _stopping = new();
    // Value true: another change arrived while this notification was in flight.
    private readonly ConcurrentDictionary<(Uri Hub, Uri Topic), bool> _pending = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public void Notify(Uri topic)
    {
        foreach (Uri hub in _options.WebSubHubs)
        {
            var key = (hub, topic);
            if (_pending.TryAdd(key, false))
            {
                Task task = Task.Run(() => RunAsync(key, _stopping.Token));
                _running.TryAdd(task, 0);
                _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
            }
            else
            {
                _pending[key] = true;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Keys);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task RunAsync((Uri Hub, Uri Topic) key, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await SendWithRetriesAsync(key.Hub, key.Topic, cancellationToken);
                if (_pending.TryRemove(new KeyValuePair<(Uri, Uri), bool>(key, false)))
                {
                    return;
                }

                _pending.TryUpdate(key, false, true);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _pending.TryRemove(key, out _);
        }
    }

    private async Task SendWithRetriesAsync(Uri hub, Uri topic, CancellationToken cancellationToken)
    {
        TimeSpan delay = _options.WebSubRetryDelay;
        for (int attempt = 1; ; attempt++)
        {
            string? error = await SendAsync(hub, topic, cancellationToken);
            if (error is null)
            {
                LogNotified(hub, topic, attempt);
                return;
            }

            if (attempt >= _options.WebSubMaxAttempts)
            {
                LogGaveUp(hub, topic, attempt, error);
                return;
            }

            LogRetrying(hub, topic, attempt, error, delay);
            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    /// <returns>Null on success, else what went wrong.</returns>
    private async Task<string?> SendAsync(Uri hub, Uri topic, CancellationToken cancellationToken)
    {
        // hub.url is what hubs have long read; hub.topic is WebSub's own name for it.
        using var content = new FormUrlEncodedContent(
        [
            new KeyValuePair<string, string>("hub.mode", "publish"),
            new KeyValuePair<string, string>("hub.url", topic.AbsoluteUri),
            new KeyValuePair<string, string>("hub.topic", topic.AbsoluteUri),
        ]);
        try
        {
            using HttpResponseMessage response = await clients.CreateClient(HttpClientName).PostAsync(hub, content, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ex.Message;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notified WebSub hub {Hub} of a change to {Topic} (attempt {Attempt})")]
    private partial void LogNotified(Uri hub, Uri topic, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unable to notify WebSub hub {Hub} of {Topic} (attempt {Attempt}): {Error}; retrying in {Delay}")]
    private partial void LogRetrying(Uri hub, Uri topic, int attempt, string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up notifying WebSub hub {Hub} of {Topic} after {Attempt} attempts: {Error}")]
    private partial void LogGaveUp(Uri hub, Uri topic, int attempt, string error);
}
