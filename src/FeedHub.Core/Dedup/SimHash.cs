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

    /// <summary>Fingerprint of <paramref name="text"/>; 0 when it has no words.</summary>
    public static long Compute(string? text)
    {
        List<string> words = Words(text);
        if (words.Count == 0)
        {
            return 0;
        }

        Span<int> weights = stackalloc int[64];
        int shingles = Math.Max(1, words.Count - ShingleSize + 1);
        var shingle = new StringBuilder();
        for (int start = 0; start < shingles; start++)
        {
            shingle.Clear();
            for (int w = start; w < Math.Min(start + ShingleSize, words.Count); w++)
            {
                shingle.Append(words[w]).Append(' ');
            }

            ulong hash = Hash64(shingle);
            for (int bit = 0; bit < 64; bit++)
            {
                weights[bit] += ((hash >> bit) & 1) == 1 ? 1 : -1;
            }
        }

        ulong fingerprint = 0;
        for (int bit = 0; bit < 64; bit++)
        {
            if (weights[bit] > 0)
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
    private static ulong Hash64(StringBuilder text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (ReadOnlyMemory<char> chunk in text.GetChunks())
        {
            foreach (char c in chunk.Span)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9a53fe5334dUL;
        hash ^= hash >> 33;
        return hash;
    }
}
