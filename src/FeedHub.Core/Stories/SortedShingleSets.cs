namespace FeedHub.Core.Stories;

/// <summary>Set operations on ascending arrays of distinct shingles, by merging: a candidate copy
/// is compared without building or probing a hash set. When one side is much the larger (a
/// source's boilerplate against one text), the smaller side's elements are searched for in it
/// instead of walking it.</summary>
public static class SortedShingleSets
{
    // Above this size ratio a binary search per element of the smaller side beats the merge walk.
    private const int SearchRatio = 16;

    public static bool Contains(ReadOnlySpan<ulong> set, ulong shingle) => set.BinarySearch(shingle) >= 0;

    /// <summary>How many elements the two sets share.</summary>
    public static int CountShared(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length > b.Length)
        {
            ReadOnlySpan<ulong> larger = a;
            a = b;
            b = larger;
        }

        if (a.Length == 0)
        {
            return 0;
        }

        int shared = 0;
        if (b.Length / a.Length >= SearchRatio)
        {
            int from = 0;
            foreach (ulong shingle in a)
            {
                int found = b[from..].BinarySearch(shingle);
                if (found >= 0)
                {
                    shared++;
                    from += found + 1;
                }
                else
                {
                    from += ~found;
                }

                if (from >= b.Length)
                {
                    break;
                }
            }

            return shared;
        }

        int i = 0;
        int j = 0;
        while (i < a.Length && j < b.Length)
        {
            ulong x = a[i];
            ulong y = b[j];
            if (x == y)
            {
                shared++;
                i++;
                j++;
            }
            else if (x < y)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return shared;
    }

    /// <summary>The elements of <paramref name="set"/> not in <paramref name="excluded"/>, ascending.</summary>
    public static ulong[] Except(ReadOnlySpan<ulong> set, ReadOnlySpan<ulong> excluded)
    {
        if (excluded.Length == 0)
        {
            return set.ToArray();
        }

        var kept = new ulong[set.Length];
        int count = 0;
        int j = 0;
        foreach (ulong shingle in set)
        {
            while (j < excluded.Length && excluded[j] < shingle)
            {
                j++;
            }

            if (j >= excluded.Length || excluded[j] != shingle)
            {
                kept[count++] = shingle;
            }
        }

        return count == kept.Length ? kept : kept.AsSpan(0, count).ToArray();
    }

    /// <summary>The union of two sets, ascending.</summary>
    public static ulong[] Union(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (b.Length == 0)
        {
            return a.ToArray();
        }

        if (a.Length == 0)
        {
            return b.ToArray();
        }

        var union = new ulong[a.Length + b.Length];
        int count = 0;
        int i = 0;
        int j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (j >= b.Length || (i < a.Length && a[i] < b[j]))
            {
                union[count++] = a[i++];
            }
            else if (i >= a.Length || b[j] < a[i])
            {
                union[count++] = b[j++];
            }
            else
            {
                union[count++] = a[i++];
                j++;
            }
        }

        return count == union.Length ? union : union.AsSpan(0, count).ToArray();
    }
}
