using System.Diagnostics.CodeAnalysis;
using System.Net;
using FeedHub.Publishing;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Primitives;

namespace FeedHub.Worker.Feeds;

/// <summary>The base of the self, paging and archive links of a response. A Host header is
/// whatever the client typed, so it names links only when the operator allowed it: the
/// configured <c>PublicBaseUrl</c> wins; else a host listed in <c>AllowedHosts</c> (<c>*</c>
/// allows every host, so it does not count) or a loopback name, as on a first run on one machine.
/// Any other host gets no document.</summary>
internal sealed class FeedBaseUrl(PublishingOptions publishing, HostFilteringOptions hostFiltering)
{
    private readonly Uri? _configured = publishing.PublicBaseUrl is { } url
        ? (url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"))
        : null;

    private readonly StringSegment[] _allowedHosts = [.. hostFiltering.AllowedHosts.Where(host => host != "*").Select(host => new StringSegment(host))];

    public bool TryGet(HttpRequest request, [NotNullWhen(true)] out Uri? baseUrl)
    {
        if (_configured is not null)
        {
            baseUrl = _configured;
            return true;
        }

        baseUrl = null;
        HostString host = request.Host;
        return host.HasValue
            && (IsLoopback(host.Host) || HostString.MatchesAny(new StringSegment(host.Host), _allowedHosts))
            && Uri.TryCreate($"{request.Scheme}://{host.Value}/", UriKind.Absolute, out baseUrl);
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));
}
