using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace FeedHub.Storage.Caching;

/// <summary>A cache bounded by an estimate of the bytes it holds, kept in two generations. New
/// entries go to the young one; once it holds half the budget, the old one is dropped and the young
/// one takes its place. A hit in the old generation is carried into the young one. So what is held
/// stays between half the budget and all of it, and what keeps being used stays held; a cache
/// emptied whenever it is full swings from nothing to everything, and a long-running worker's
/// memory with it (docs/load.md, "The worker's memory"). Safe for concurrent use; a race can at
/// worst miss an entry or count one twice, never serve another key's value.</summary>
internal sealed class TwoGenerationCache<TKey, TValue>
    where TKey : notnull
{
    private readonly long _generationBytes;
    private readonly Func<TKey, TValue, long> _sizeOf;
    private readonly IEqualityComparer<TKey>? _comparer;
    private readonly Lock _turnover = new();
    private Generation _young;
    private Generation _old;
    private int _turnovers;

    /// <param name="budgetBytes">What both generations together may hold, estimated by <paramref name="sizeOf"/>.</param>
    /// <param name="sizeOf">An estimate of the bytes an entry holds, its key included.</param>
    public TwoGenerationCache(long budgetBytes, Func<TKey, TValue, long> sizeOf, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetBytes, 2);
        _generationBytes = budgetBytes / 2;
        _sizeOf = sizeOf;
        _comparer = comparer;
        _young = new Generation(comparer);
        _old = new Generation(comparer);
    }

    /// <summary>The estimated bytes held by both generations.</summary>
    public long Bytes => Volatile.Read(ref _young).Bytes + Volatile.Read(ref _old).Bytes;

    public int Count => Volatile.Read(ref _young).Entries.Count + Volatile.Read(ref _old).Entries.Count;

    /// <summary>How many times the young generation has taken the old one's place.</summary>
    public int Turnovers => Volatile.Read(ref _turnovers);

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (Volatile.Read(ref _young).Entries.TryGetValue(key, out value))
        {
            return true;
        }

        if (Volatile.Read(ref _old).Entries.TryGetValue(key, out value))
        {
            Add(key, value);
            return true;
        }

        return false;
    }

    public void Add(TKey key, TValue value)
    {
        Generation young = Volatile.Read(ref _young);
        if (young.Entries.TryAdd(key, value))
        {
            Grow(young, _sizeOf(key, value));
        }
    }

    /// <summary>Holds <paramref name="value"/> in the young generation in place of any value it held
    /// for <paramref name="key"/>: for entries that can go stale and be found again.</summary>
    public void Set(TKey key, TValue value)
    {
        Generation young = Volatile.Read(ref _young);
        long bytes = _sizeOf(key, value);
        if (young.Entries.TryGetValue(key, out TValue? replaced))
        {
            bytes -= _sizeOf(key, replaced);
        }

        young.Entries[key] = value;
        Grow(young, bytes);
    }

    private void Grow(Generation young, long bytes)
    {
        if (Interlocked.Add(ref young.Bytes, bytes) < _generationBytes)
        {
            return;
        }

        lock (_turnover)
        {
            if (ReferenceEquals(_young, young))
            {
                TurnOver();
            }
        }
    }

    /// <summary>Drops the old generation and makes the young one old, full or not: for a cache
    /// whose entries must not outlive another's.</summary>
    public void Turnover()
    {
        lock (_turnover)
        {
            TurnOver();
        }
    }

    private void TurnOver()
    {
        Volatile.Write(ref _old, _young);
        Volatile.Write(ref _young, new Generation(_comparer));
        Interlocked.Increment(ref _turnovers);
    }

    public void Clear()
    {
        lock (_turnover)
        {
            Volatile.Write(ref _old, new Generation(_comparer));
            Volatile.Write(ref _young, new Generation(_comparer));
        }
    }

    private sealed class Generation(IEqualityComparer<TKey>? comparer)
    {
        public readonly ConcurrentDictionary<TKey, TValue> Entries = new(comparer);
        public long Bytes;
    }
}
