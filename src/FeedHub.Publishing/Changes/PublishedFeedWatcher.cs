using System.Security.Cryptography;
using FeedHub.Core.Links;
using FeedHub.Core.Storage;
using FeedHub.Publishing;
using FeedHub.Publishing.Rendering;
using FeedHub.Publishing.Requests;
using FeedHub.Publishing.Writers;
using Microsoft.Extensions.Options;

namespace FeedHub.Publishing.Changes;

/// <summary>Watches the change version (which every commit of new or updated items bumps, in this
/// process or another) and, for each feed whose first page actually changed, writes its export
/// file and notifies the WebSub hubs. It only reads: ingestion never waits for it.</summary>
internal sealed partial class PublishedFeedWatcher(
    IStoryReader stories,
    RenderCache cache,
    FeedRenderer renderer,
    StaticFeedExporter exporter,
    WebSubNotifier notifier,
    IOptions<PublishingOptions> options,
    IOptions<ChannelOptions> channels,
    IPublishingLease lease,
    TimeProvider time,
    ILogger<PublishedFeedWatcher> logger) : BackgroundService
{
    private readonly PublishingOptions _options = options.Value;
    private readonly Dictionary<string, (byte[] Hash, int Stories)> _published = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.PublishesOnChange)
        {
            return;
        }

        long? seen = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!lease.IsHeld)
                {
                    // Another worker of the cluster publishes. Should this one take over later, it
                    // starts afresh, as after a restart: hubs hear of every feed with stories once.
                    _published.Clear();
                    seen = null;
                    await Task.Delay(_options.ChangePollInterval, time, stoppingToken);
                    continue;
                }

                long version = await stories.GetChangeVersionAsync(stoppingToken);
                if (version != seen)
                {
                    await PublishAsync(version, stoppingToken);
                    seen = version;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Tried again on the next tick: the version is only marked seen once published.
                LogPublishFailed(ex);
            }

            await Task.Delay(_options.ChangePollInterval, time, stoppingToken);
        }
    }

    private async Task PublishAsync(long version, CancellationToken cancellationToken)
    {
        Uri baseUrl = _options.PublicBaseUrl!.AbsoluteUri.EndsWith('/') ? _options.PublicBaseUrl : new Uri(_options.PublicBaseUrl.AbsoluteUri + "/");
        IEnumerable<ChannelDefinition?> feeds = [null, .. channels.Value.Channels];
        foreach (ChannelDefinition? channel in feeds)
        {
            foreach (FeedFormat format in FeedFormats.All)
            {
                var request = new FeedRequest { Format = format, Channel = channel };
                string key = renderer.FeedKey(baseUrl, request);
                RenderedDocument document = await cache.GetAsync(key, version, () => renderer.RenderFeedAsync(request, baseUrl, key, cancellationToken));
                byte[] hash = SHA256.HashData(document.Body);
                bool first = !_published.TryGetValue(key, out (byte[] Hash, int Stories) previous);
                if (!first && previous.Hash.AsSpan().SequenceEqual(hash))
                {
                    continue;
                }

                await exporter.WriteAsync(request.Path, document.Body, cancellationToken);
                _published[key] = (hash, document.StoryCount);

                // On start the hubs hear of every feed with stories: changes made while the worker
                // was down (or by a command in the meantime) would otherwise go unannounced. An
                // empty feed that stays empty (only its date moved) is no news.
                if (document.StoryCount > 0 || (!first && previous.Stories > 0))
                {
                    notifier.Notify(new Uri(baseUrl, request.Path));
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unable to export feeds or notify hubs after a change; trying again shortly")]
    private partial void LogPublishFailed(Exception exception);
}
