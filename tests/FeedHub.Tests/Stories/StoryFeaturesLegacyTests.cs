using FeedHub.Core.Items;
using FeedHub.Core.Stories;
using FeedHub.Tests.Corpus;

namespace FeedHub.Tests.Stories;

/// <summary>Shingle hashes are stored (story keys) and the features decide stories: featurizing a
/// text in one pass must give what the word loop, the shingle-by-shingle hashing and the paired
/// sort gave, field for field.</summary>
public sealed class StoryFeaturesLegacyTests
{
    [Fact]
    public void Corpus_texts_get_the_features_they_got()
    {
        int compared = 0;
        foreach (ParsedItem item in CorpusItems.All())
        {
            AssertSame(StoryText.From(item.Title, item.Content ?? item.Summary).MatchText);
            AssertSame(StoryText.From(item.Title, item.Summary).MatchText);
            compared++;
        }

        Assert.True(compared > 1000, $"only {compared} corpus items compared");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\n")]
    [InlineData("\n\n\n")]
    [InlineData("satu")]
    [InlineData("dua kata")]
    [InlineData("tiga kata ini")]
    [InlineData(" dua  kata ")]
    [InlineData("satu\ndua kata\ntiga kata ini\nempat kata ada di\n")]
    [InlineData("\n\nsatu\n\n\ndua kata\n \n")]
    [InlineData("a b\nc\nd e f g")]
    [InlineData("ikuti kami di google news ikuti kami di google news ikuti kami di")]
    [InlineData("a a a a a a\na a a\na a\na")]
    [InlineData("rp 12500000 pada 2025 dan 17 agustus 1899 1900 2100 2101 0001 12 12 12")]
    [InlineData("2024 2024a 20x4 1x99 2١٠٠ ١٢٣ 3,5 1.500.000,- 99%")]
    [InlineData("café ülkü naïve 東京 مرحبا 😀 emoji😀 \u00a0 nbsp\u00a0kata")]
    [InlineData("tab\tdi\tdalam kata\r\ndan cr\rjuga")]
    [InlineData("trailing space ")]
    [InlineData("x\ny\nz\nw")]
    public void Odd_texts_get_the_features_they_got(string text)
    {
        AssertSame(text);
    }

    [Fact]
    public void Long_words_long_lines_and_many_lines_get_the_features_they_got()
    {
        AssertSame(new string('k', 100_000));
        AssertSame(new string('k', 5000) + " " + new string('j', 70_000) + " x");
        AssertSame(string.Join(' ', Enumerable.Range(0, 5000).Select(i => $"kata{i % 37}")));
        AssertSame(string.Join('\n', Enumerable.Range(0, 3000).Select(i => string.Join(' ', Enumerable.Repeat($"w{i % 5}", i % 7)))));
        AssertSame(string.Join(' ', Enumerable.Repeat("a", 50_000)));
        AssertSame(new string(' ', 1000) + new string('\n', 1000));
    }

    [Fact]
    public void Every_four_character_figure_is_a_year_or_not_as_it_was()
    {
        char[] digits = ['0', '1', '2', '9', '٠', '١', '٢', '９', 'a', '-'];
        var words = new List<string>();
        for (int n = 0; n < 10_000; n++)
        {
            words.Add(n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (char first in new[] { '1', '2', '3' })
        {
            foreach (char a in digits)
            {
                foreach (char b in digits)
                {
                    foreach (char c in digits)
                    {
                        words.Add(new string([first, a, b, c]));
                    }
                }
            }
        }

        AssertSame(string.Join(' ', words));
        foreach (string word in words)
        {
            AssertSame(word);
        }
    }

    [Fact]
    public void Random_texts_of_spaces_line_feeds_digits_and_letters_get_the_features_they_got()
    {
        var random = new Random(20261202);
        char[] alphabet = [' ', ' ', ' ', '\n', '\n', 'a', 'b', 'a', '1', '2', '9', '0', 'é', '٣', '\r', '\t'];
        for (int round = 0; round < 5000; round++)
        {
            char[] text = new char[random.Next(0, 200)];
            for (int i = 0; i < text.Length; i++)
            {
                text[i] = alphabet[random.Next(alphabet.Length)];
            }

            AssertSame(new string(text));
        }
    }

    private static void AssertSame(string text)
    {
        (ulong[] sorted, int[] firstSeen, HashSet<string> figures, int wordCount) = LegacyStoryFeatures.From(text);
        StoryFeatures features = StoryFeatures.From(text);
        Assert.Equal(sorted, features.SortedShingles.ToArray());
        Assert.Equal(firstSeen, features.FirstSeen.ToArray());
        Assert.Equal(figures.Order(StringComparer.Ordinal), features.Figures.Order(StringComparer.Ordinal));
        Assert.Equal(StringComparer.Ordinal, features.Figures.Comparer);
        Assert.Equal(wordCount, features.WordCount);
    }
}
