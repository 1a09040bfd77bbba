using System.Buffers;

namespace FeedHub.Tests.Stories;

/// <summary>Story features as <c>StoryFeatures.From</c> made them before featurizing became one
/// pass (kept verbatim, with the shingle hashing it called): what the rewrite must give for every
/// text, and the base its benchmark compares against.</summary>
internal static class LegacyStoryFeatures
{
    private const int Size = 3;

    public static (ulong[] Sorted, int[] FirstSeen, HashSet<string> Figures, int WordCount) From(string matchText)
    {
        ArgumentNullException.ThrowIfNull(matchText);
        var figures = new HashSet<string>(StringComparer.Ordinal);
        int words = 0;
        int i = 0;
        while (i < matchText.Length)
        {
            char c = matchText[i];
            if (c is ' ' or '\n')
            {
                i++;
                continue;
            }

            int start = i;
            while (i < matchText.Length && matchText[i] is not (' ' or '\n'))
            {
                i++;
            }

            words++;
            if (char.IsDigit(c))
            {
                string word = matchText[start..i];
                if (IsNumber(word) && !IsYear(word))
                {
                    figures.Add(word);
                }
            }
        }

        (ulong[] sorted, int[] firstSeen) = Distinct(matchText);
        return (sorted, firstSeen, figures, words);
    }

    private static (ulong[] Sorted, int[] FirstSeen) Distinct(string matchText)
    {
        ulong[] hashes = ArrayPool<ulong>.Shared.Rent(Math.Max(16, matchText.Length / 4));
        int[] positions = [];
        try
        {
            int count = Hash(matchText, ref hashes);
            positions = ArrayPool<int>.Shared.Rent(Math.Max(1, count));
            for (int p = 0; p < count; p++)
            {
                positions[p] = p;
            }

            Array.Sort(hashes, positions, 0, count);
            int distinct = 0;
            for (int p = 0; p < count; p++)
            {
                if (p == 0 || hashes[p] != hashes[p - 1])
                {
                    hashes[distinct] = hashes[p];
                    positions[distinct] = positions[p];
                    distinct++;
                }
                else if (positions[p] < positions[distinct - 1])
                {
                    positions[distinct - 1] = positions[p];
                }
            }

            return (hashes.AsSpan(0, distinct).ToArray(), positions.AsSpan(0, distinct).ToArray());
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(hashes);
            if (positions.Length > 0)
            {
                ArrayPool<int>.Shared.Return(positions);
            }
        }
    }

    private static bool IsNumber(string word) => word.Length > 0 && char.IsDigit(word[0]);

    // The one change to the verbatim copy: a year is four ASCII digits from 1900 to 2100, as
    // StoryFeatures says since a culture's comparison made years of 20jt and 19kg.
    private static bool IsYear(string word) =>
        word.Length == 4 && word.All(char.IsAsciiDigit) && string.CompareOrdinal(word, "1900") >= 0 && string.CompareOrdinal(word, "2100") <= 0;

    private static int Hash(string matchText, ref ulong[] buffer)
    {
        int count = 0;
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
