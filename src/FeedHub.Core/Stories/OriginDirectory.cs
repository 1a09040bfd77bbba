namespace FeedHub.Core.Stories;

/// <summary>The sources origin selection chooses among, looked up by id, with every name a credit
/// line may use compacted once. One poll places hundreds of stories against the same sources and
/// the same few credit lines ("Sumber : MC Kalsel"): which source a credit line names is worked out
/// once per distinct line, not once per copy of every story. One directory serves one caller at a
/// time (it remembers lines as it resolves them).</summary>
public sealed class OriginDirectory
{
    /// <summary>Shorter aliases ("MC") would match inside unrelated credit lines.</summary>
    private const int MinAliasLength = 3;

    private readonly IReadOnlyList<OriginSource> _sources;
    private readonly Dictionary<long, OriginSource> _byId;

    // In the order of the sources, each source's aliases then its title: on a tie in length the
    // first name wins. Compacted at the first credit line: most polls place copies that carry none.
    private List<(OriginSource Source, string Alias, string Compact)>? _names;

    private readonly Dictionary<string, (OriginSource Source, string Alias)?> _resolved = new(StringComparer.Ordinal);

    public OriginDirectory(IReadOnlyList<OriginSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources;
        _byId = sources.ToDictionary(source => source.SourceId);
    }

    public bool IsOrigin(long sourceId) => _byId.TryGetValue(sourceId, out OriginSource? source) && source.IsOrigin;

    /// <summary>The source a credit line names: the one with the longest name (alias or title) the
    /// line contains, ignoring case and spacing; null when it names none.</summary>
    public (OriginSource Source, string Alias)? Resolve(string credit)
    {
        ArgumentNullException.ThrowIfNull(credit);
        if (_resolved.TryGetValue(credit, out (OriginSource Source, string Alias)? known))
        {
            return known;
        }

        _names ??= CompactNames(_sources);
        string compactCredit = MatchingText.Compact(credit);
        (OriginSource Source, string Alias)? best = null;
        int bestLength = 0;
        foreach ((OriginSource source, string alias, string compact) in _names)
        {
            if (compact.Length > bestLength && compactCredit.Contains(compact, StringComparison.Ordinal))
            {
                best = (source, alias);
                bestLength = compact.Length;
            }
        }

        _resolved[credit] = best;
        return best;
    }

    private static List<(OriginSource Source, string Alias, string Compact)> CompactNames(IReadOnlyList<OriginSource> sources)
    {
        var names = new List<(OriginSource Source, string Alias, string Compact)>();
        foreach (OriginSource source in sources)
        {
            foreach (string? name in source.Aliases.Append(source.Title))
            {
                if (!string.IsNullOrWhiteSpace(name) && MatchingText.Compact(name) is { Length: >= MinAliasLength } compact)
                {
                    names.Add((source, name, compact));
                }
            }
        }

        return names;
    }
}
