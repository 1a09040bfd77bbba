namespace FeedHub.Ingestion.Parsing;

/// <summary>Limits the parser enforces on every document.</summary>
public sealed record FeedParserOptions
{
    /// <summary>Largest body accepted, in bytes (checked before decoding).</summary>
    public int MaxDocumentBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most entities an internal DTD subset may declare before the document is refused.</summary>
    public int MaxDeclaredEntities { get; init; } = 64;

    /// <summary>Longest replacement text one declared entity may have.</summary>
    public int MaxEntityValueChars { get; init; } = 1024;

    /// <summary>Most characters all entity substitutions together may add to a document.</summary>
    public int MaxEntityExpansionChars { get; init; } = 256 * 1024;
}
