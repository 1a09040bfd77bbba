using System.Buffers;

namespace FeedHub.Core.Stories;

/// <summary>Word 3-grams of a matching text as 64-bit hashes. Shingles never cross a line, so
/// the title and each paragraph stand on their own and a dropped paragraph costs only its own.
/// The hash is fixed (no per-process seed): index keys derived from it are stored.</summary>
public static class Shingles
{
    public const int Size = 3;

    /// <summary>The distinct shingles of a text as a set (the matching itself works on
    /// <see cref="StoryFeatures.SortedShingles"/>).</summary>
    public static HashSet<ulong> Of(string matchText)
    {
        ArgumentNullException.ThrowIfNull(matchText);
        var shingles = new HashSet<ulong>();
        ulong[] buffer = ArrayPool<ulong>.Shared.Rent(Math.Max(16, matchText.Length / 2));
        try
        {
            int count = Hash(matchText, ref buffer);
            for (int i = 0; i < count; i++)
            {
                shingles.Add(buffer[i]);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(buffer);
        }

        return shingles;
    }

    /// <summary>Every shingle of the text in text order, repeats included, into
    /// <paramref name="buffer"/> (a pooled array, replaced by a larger one when it is full);
    /// returns how many. Words are read in place: no string per line or word.</summary>
    internal static int Hash(string matchText, ref ulong[] buffer)
    {
        int count = 0;
        // Word starts and ends of the current line, in one pooled array (start, end pairs).
        int[] words = ArrayPool<int>.Shared.Rent(64);
        try
        {
            int lineStart = 0;
            while (lineStart <= matchText.Length)
            {
                int lineEnd = matchText.IndexOf('\n', lineStart);
                if (lineEnd < 0)
                {
                    lineEnd = matchText.Length;
                }

                int wordCount = Words(matchText, lineStart, lineEnd, ref words);
                if (wordCount > 0)
                {
                    // A line shorter than a shingle (a two-word title) still counts as one.
                    int shingles = Math.Max(1, wordCount - Size + 1);
                    if (count + shingles > buffer.Length)
                    {
                        Grow(ref buffer, count + shingles);
                    }

                    for (int start = 0; start < shingles; start++)
                    {
                        ulong hash = 14695981039346656037UL;
                        for (int w = start; w < Math.Min(start + Size, wordCount); w++)
                        {
                            foreach (char c in matchText.AsSpan(words[2 * w], words[(2 * w) + 1] - words[2 * w]))
                            {
                                hash = (hash ^ c) * 1099511628211UL;
                            }

                            hash = (hash ^ ' ') * 1099511628211UL;
                        }

                        buffer[count++] = Mix(hash);
                    }
                }

                lineStart = lineEnd + 1;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(words);
        }

        return count;
    }

    // The words of one line: runs of characters other than a space (what Split(' ',
    // RemoveEmptyEntries) gives), as start and end offsets.
    private static int Words(string text, int from, int to, ref int[] words)
    {
        int count = 0;
        int i = from;
        while (i < to)
        {
            while (i < to && text[i] == ' ')
            {
                i++;
            }

            if (i == to)
            {
                break;
            }

            int start = i;
            while (i < to && text[i] != ' ')
            {
                i++;
            }

            if ((2 * count) + 2 > words.Length)
            {
                int[] larger = ArrayPool<int>.Shared.Rent(words.Length * 2);
                Array.Copy(words, larger, 2 * count);
                ArrayPool<int>.Shared.Return(words);
                words = larger;
            }

            words[2 * count] = start;
            words[(2 * count) + 1] = i;
            count++;
        }

        return count;
    }

    private static void Grow(ref ulong[] buffer, int needed)
    {
        ulong[] larger = ArrayPool<ulong>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
        Array.Copy(buffer, larger, buffer.Length);
        ArrayPool<ulong>.Shared.Return(buffer);
        buffer = larger;
    }

    // FNV-1a spreads poorly over high bits on short inputs; the MurmurHash3 finalizer fixes that.
    private static ulong Mix(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9a53fe5334dUL;
        hash ^= hash >> 33;
        return hash;
    }
}
