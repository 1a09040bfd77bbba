namespace FeedHub.Ingestion.Fetching;

/// <summary>Thrown from the connect callback when a host resolves to an address the policy refuses;
/// the message is the one-line error a fetch reports.</summary>
public sealed class AddressRefusedException(string message) : Exception(message);
