using System.Reflection;
using FeedHub.Publishing.Rendering;
using Microsoft.AspNetCore.Http.Metadata;

namespace FeedHub.Worker.Feeds;

/// <summary>A rendered feed or page as a typed result: 200 with the document (or 304 when the
/// client's validators match), declaring the 304 so the OpenAPI document describes the public
/// feeds like every other endpoint (each route adds its own media types).</summary>
public sealed class FeedDocumentResult(RenderedDocument document, string cacheControl)
    : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext) => DocumentResponse.WriteAsync(httpContext, document, cacheControl);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The media types per route are added by the route itself (FeedEndpoints); a 304 is
        // what a client with a matching validator gets from every one of them.
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
    }
}
