namespace FeedHub.Core.Storage;

/// <summary>Values a deployment fixes once and keeps in its database, whatever the configuration
/// says later (the <c>settings</c> table).</summary>
public interface ISettingsStore
{
    /// <summary>The stored value of <paramref name="name"/>, storing <paramref name="value"/> first
    /// when there is none. The first writer wins, in this process or another.</summary>
    Task<string> GetOrAddAsync(string name, string value, CancellationToken cancellationToken);
}
