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
    /// <paramref name="buffer"/> (a pooled array, replaced by a larger one when it is too small);
    /// returns how many.</summary>
    internal static int Hash(string matchText, ref ulong[] buffer) => Hash(matchText, ref buffer, out _, null);

    /// <summary><see cref="Hash(string, ref ulong[])"/>, also counting the words and adding the
    /// figures among them to <paramref name="figures"/>: the one pass over the text that
    /// <see cref="StoryFeatures.From"/> makes.</summary>
    /// <remarks>Each character is read once: a word feeds the three shingles it belongs to (those
    /// starting two words back, one word back and at it) as three FNV states side by side, which
    /// the processor multiplies in parallel, where hashing shingle by shingle read it three times
    /// through one chain of dependent multiplications.</remarks>
    internal static int Hash(string matchText, ref ulong[] buffer, out int words, HashSet<string>? figures)
    {
        ReadOnlySpan<char> text = matchText;

        // A line of n words has at most n shingles, and a word takes at least two characters with its separator.
        int most = (text.Length / 2) + 1;
        if (buffer.Length < most)
        {
            Grow(ref buffer, most);
        }

        int count = 0;
        words = 0;
        int lineWords = 0;

        // back2 and back1: the shingles started two words and one word before the current one.
        ulong back2 = Basis;
        ulong back1 = Basis;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == ' ')
            {
                i++;
                continue;
            }

            if (c == '\n')
            {
                count = EndLine(buffer, count, lineWords, back2, back1);
                lineWords = 0;
                i++;
                continue;
            }

            int start = i;
            ulong here = Basis;
            do
            {
                back2 = (back2 ^ c) * Prime;
                back1 = (back1 ^ c) * Prime;
                here = (here ^ c) * Prime;
                if (++i == text.Length)
                {
                    break;
                }

                c = text[i];
            }
            while (c is not (' ' or '\n'));

            back2 = (back2 ^ ' ') * Prime;
            back1 = (back1 ^ ' ') * Prime;
            here = (here ^ ' ') * Prime;
            words++;
            if (figures is not null && char.IsDigit(text[start]))
            {
                StoryFeatures.AddFigure(figures, text[start..i]);
            }

            if (++lineWords >= Size)
            {
                buffer[count++] = Mix(back2);
            }

            back2 = back1;
            back1 = here;
        }

        return EndLine(buffer, count, lineWords, back2, back1);
    }

    // A line shorter than a shingle (a two-word title) still counts as one: all its words, which
    // the shingle started at its first word holds.
    private static int EndLine(ulong[] buffer, int count, int lineWords, ulong back2, ulong back1)
    {
        switch (lineWords)
        {
            case 1:
                buffer[count++] = Mix(back1);
                break;
            case 2:
                buffer[count++] = Mix(back2);
                break;
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

    private const ulong Basis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

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
