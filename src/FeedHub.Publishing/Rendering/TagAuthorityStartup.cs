namespace FeedHub.Publishing.Rendering;

/// <summary>Fixes the tag authority when the worker starts (after the migrations), so it is the
/// configuration of the first start that counts, not that of the first feed request.</summary>
internal sealed class TagAuthorityStartup(TagAuthority authority) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => authority.GetAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
