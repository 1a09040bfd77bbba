using FeedHub.Core.Items;

namespace FeedHub.Ingestion.Parsing;

/// <summary>Decodes, gates and parses a fetched document into the one item model.</summary>
public interface IFeedParser
{
    /// <summary>Throws <see cref="FeedParseException"/> with a one-line reason when the bytes are not a
    /// usable feed (HTML page, binary, empty, entity bomb, unrepairable XML...).</summary>
    ParsedFeed Parse(FeedDocument document);
}

/// <param name="Body">The decompressed bytes exactly as received.</param>
/// <param name="ContentType">The HTTP Content-Type header, if any (its charset counts).</param>
/// <param name="Url">Where the document came from; the base for relative links.</param>
public sealed record FeedDocument(ReadOnlyMemory<byte> Body, string? ContentType, Uri Url);

public sealed class FeedParseException(string message, Exception? innerException = null) : Exception(message, innerException);
