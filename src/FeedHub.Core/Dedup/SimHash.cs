using System.Buffers;
using System.Numerics;
using System.Text;

namespace FeedHub.Core.Dedup;

/// <summary>64-bit SimHash over word shingles of normalized text: near-identical texts get
/// fingerprints a few bits apart, so a republished story can be matched to its origin.
/// Deterministic (no per-process seeds), so fingerprints can be stored and compared later.</summary>
public static class SimHash
{
    /// <summary>Words per shingle.</summary>
    public const int ShingleSize = 3;

    private const ulong Fnv1aOffset = 14695981039346656037UL;
    private const ulong Fnv1aPrime = 1099511628211UL;

    /// <summary>Fingerprint of <paramref name="text"/>; 0 when it has no words.</summary>
    public static long Compute(string? text) => Compute(text.AsSpan(), []);

    /// <summary>Fingerprint of <paramref name="first"/> and <paramref name="second"/> joined by a
    /// space, without joining them: the same value as <c>Compute(first + " " + second)</c>.</summary>
    public static long Compute(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        // One pass lower-cases the words into one buffer and notes where each ends; shingles are
        // then hashed straight from the buffer. The hash is the one stored fingerprints were made
        // with (FNV-1a over "w1 w2 w3 ", then a finalizer), so values stay bit-identical.
        int capacity = first.Length + second.Length;
        if (capacity == 0)
        {
            return 0;
        }

        char[] letters = ArrayPool<char>.Shared.Rent(capacity);
        int[] ends = ArrayPool<int>.Shared.Rent((capacity / 2) + 2);
        try
        {
            int length = 0;
            int words = 0;
            Split(first, letters, ends, ref length, ref words);
            Split(second, letters, ends, ref length, ref words);
            return words == 0 ? 0 : Fingerprint(letters, ends, words);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ends);
            ArrayPool<char>.Shared.Return(letters);
        }
    }

    private static void Split(ReadOnlySpan<char> text, char[] letters, int[] ends, ref int length, ref int words)
    {
        int wordStart = length;
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                letters[length++] = char.ToLowerInvariant(c);
            }
            else if (length > wordStart)
            {
                ends[words++] = length;
                wordStart = length;
            }
        }

        if (length > wordStart)
        {
            ends[words++] = length;
        }
    }

    private static long Fingerprint(char[] letters, int[] ends, int words)
    {
        // Bit b of the fingerprint is set when more than half of the shingle hashes have it set.
        Span<int> ones = stackalloc int[64];
        int shingles = Math.Max(1, words - ShingleSize + 1);
        for (int start = 0; start < shingles; start++)
        {
            ulong hash = Fnv1aOffset;
            int last = Math.Min(start + ShingleSize, words);
            for (int w = start; w < last; w++)
            {
                int from = w == 0 ? 0 : ends[w - 1];
                foreach (char c in letters.AsSpan(from, ends[w] - from))
                {
                    hash = (hash ^ c) * Fnv1aPrime;
                }

                hash = (hash ^ ' ') * Fnv1aPrime;
            }

            hash = Finalize(hash);
            for (int bit = 0; bit < 64; bit++)
            {
                ones[bit] += (int)((hash >> bit) & 1);
            }
        }

        ulong fingerprint = 0;
        for (int bit = 0; bit < 64; bit++)
        {
            if (2 * ones[bit] > shingles)
            {
                fingerprint |= 1UL << bit;
            }
        }

        return unchecked((long)fingerprint);
    }

    /// <summary>Number of differing bits; small (say ≤ 3) means near-duplicate text.</summary>
    public static int Distance(long a, long b) => BitOperations.PopCount(unchecked((ulong)(a ^ b)));

    /// <summary>Lower-case words of letters and digits; markup-free text is expected.</summary>
    public static List<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        var word = new StringBuilder();
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    // FNV-1a spreads poorly over high bits on short inputs; the MurmurHash3 finalizer fixes that.
    private static ulong Finalize(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9a53fe5334dUL;
        hash ^= hash >> 33;
        return hash;
    }
}
