using FeedHub.Core.Rules;
using FeedHub.Core.Sources;

namespace FeedHub.Core.Storage;

/// <summary>What administering sources needs from the <c>sources</c> table beyond
/// <see cref="Storage.ISourceStore"/>: moving a source to a new URL, its fetch settings and item rules,
/// and counting its items.</summary>
public interface ISourceAdminStore
{
    /// <summary>Points source <paramref name="id"/> at <paramref name="url"/>, forgetting the old URL's
    /// validators and error state. Fails with <see cref="UrlChange.Taken"/> when another source (live
    /// or removed, whose items are still published) has the same canonical URL.</summary>
    Task<UrlChange> ChangeUrlAsync(long id, string url, CancellationToken cancellationToken);

    /// <summary>Stored items per source id; sources without items are absent.</summary>
    Task<IReadOnlyDictionary<long, long>> CountItemsAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the source's user agent, headers (values as they are to be stored), timeout
    /// and byte limit. False when there is no such source.</summary>
    Task<bool> SetFetchSettingsAsync(long id, SourceFetchSettings settings, CancellationToken cancellationToken);

    /// <summary>Replaces the source's keep and block rules and, in the same transaction, decides every
    /// stored item of the source again under them (<see cref="ItemRuleMatcher"/>): an item they no
    /// longer block is published again, one they now block is withdrawn, and the stories concerned
    /// choose their origin again. Null when there is no such source.</summary>
    Task<RulesApplied?> SetItemRulesAsync(long id, ItemRules rules, CancellationToken cancellationToken);

    /// <summary>Blocked items per source id and reason (<see cref="BlockReasons"/>); sources without
    /// blocked items are absent.</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyDictionary<string, long>>> CountBlockedAsync(CancellationToken cancellationToken);
}

/// <param name="Items">Stored items of the source, all decided again.</param>
/// <param name="Blocked">How many of them the new rules block.</param>
/// <param name="Changed">How many changed between kept and blocked (or blocked by another rule).</param>
public sealed record RulesApplied(int Items, int Blocked, int Changed);

public enum UrlChange
{
    Changed,
    Unchanged,
    NotFound,
    Taken,
}
