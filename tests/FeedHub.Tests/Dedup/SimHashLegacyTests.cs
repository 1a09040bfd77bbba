using System.Text;
using FeedHub.Core.Dedup;
using FeedHub.Core.Items;
using FeedHub.Core.Text;
using FeedHub.Tests.Corpus;

namespace FeedHub.Tests.Dedup;

/// <summary>Fingerprints are stored with every item: the one-pass SimHash must give the values the
/// first implementation (a string per word and per shingle) gave, on the corpus and on odd text.</summary>
public sealed class SimHashLegacyTests
{
    [Fact]
    public void Corpus_texts_keep_their_fingerprints()
    {
        int compared = 0;
        foreach (ParsedItem item in CorpusItems.All())
        {
            string title = item.Title ?? string.Empty;
            string text = PlainText.FromHtml(item.Content ?? item.Summary);
            Assert.Equal(LegacyCompute(title + " " + text), SimHash.Compute(title, text));
            Assert.Equal(LegacyCompute(text), SimHash.Compute(text));
            compared++;
        }

        Assert.True(compared > 1000, $"only {compared} corpus items compared");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Banjir")]
    [InlineData("dua kata")]
    [InlineData("  tiga   kata  ini ")]
    [InlineData("İSTANBUL ΣΊΣΥΦΟΣ straße ÀÉÎ 123 ४५६")]
    [InlineData("emoji \uD83D\uDE00 between \uD800 lone \uDC00 surrogates")]
    [InlineData("a-b_c.d,e;f!g?h")]
    public void Odd_texts_keep_their_fingerprints(string text)
    {
        Assert.Equal(LegacyCompute(text), SimHash.Compute(text));
        Assert.Equal(LegacyCompute(text + " " + text), SimHash.Compute(text, text));
    }

    [Fact]
    public void Random_texts_keep_their_fingerprints()
    {
        var random = new Random(12);
        const string Alphabet = "abcdeABCDE0123 .,\u00E9\u0130\u03A3\u00DF\u00A0\t\n-\uD83D\uDE00";
        for (int n = 0; n < 5000; n++)
        {
            var text = new StringBuilder();
            int length = random.Next(0, 200);
            for (int i = 0; i < length; i++)
            {
                text.Append(Alphabet[random.Next(Alphabet.Length)]);
            }

            string first = text.ToString();
            string second = first[..(first.Length / 2)];
            Assert.Equal(LegacyCompute(first), SimHash.Compute(first));
            Assert.Equal(LegacyCompute(first + " " + second), SimHash.Compute(first, second));
        }
    }

    /// <summary>The first implementation, verbatim in behaviour: the reference stored values were made with.</summary>
    private static long LegacyCompute(string? text)
    {
        List<string> words = SimHash.Words(text);
        if (words.Count == 0)
        {
            return 0;
        }

        Span<int> weights = stackalloc int[64];
        int shingles = Math.Max(1, words.Count - SimHash.ShingleSize + 1);
        var shingle = new StringBuilder();
        for (int start = 0; start < shingles; start++)
        {
            shingle.Clear();
            for (int w = start; w < Math.Min(start + SimHash.ShingleSize, words.Count); w++)
            {
                shingle.Append(words[w]).Append(' ');
            }

            ulong hash = 14695981039346656037UL;
            foreach (char c in shingle.ToString())
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash ^= hash >> 33;
            hash *= 0xff51afd7ed558ccdUL;
            hash ^= hash >> 33;
            hash *= 0xc4ceb9a53fe5334dUL;
            hash ^= hash >> 33;
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
}
