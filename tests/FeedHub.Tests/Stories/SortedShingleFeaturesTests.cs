using FeedHub.Core.Stories;

namespace FeedHub.Tests.Stories;

/// <summary>Story features held as one sorted array and compared by merging give what the hash
/// sets they replace gave: the same shingles, figures, boilerplate, index keys in the same order,
/// and the same counts for the comparison. The references below are the set-based definitions.</summary>
public sealed class SortedShingleFeaturesTests
{
    private static readonly string[] Texts =
    [
        StoryText.From(Releases.BridgeTitle, Releases.Html(Releases.Bridge)).MatchText,
        StoryText.From(Releases.ClinicTitle, Releases.Html(Releases.Clinic)).MatchText,
        "dua kata\n\nsatu\n  spasi   ganda di   sini  \nrp 12500000 pada 2025 dan 17 agustus\n",
        "ikuti kami di google news ikuti kami di google news",
        "",
        "\n\n",
        "satu",
    ];

    [Fact]
    public void Features_hold_the_texts_distinct_shingles_ascending_with_the_figures_and_word_count_of_the_split_definition()
    {
        foreach (string text in Texts)
        {
            StoryFeatures features = StoryFeatures.From(text);
            List<ulong> inTextOrder = ReferenceShingles(text);

            Assert.Equal(inTextOrder.Order(), features.SortedShingles.ToArray());
            Assert.Equal(ReferenceFigures(text).Order(), features.Figures.Order());
            Assert.Equal(text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length, features.WordCount);
            Assert.True(features.Shingles.SetEquals(inTextOrder), text);
        }
    }

    [Fact]
    public void Index_keys_come_in_the_order_their_shingles_first_occur_in_the_text()
    {
        var boilerplate = SourceBoilerplate.Learn([Texts[0], Texts[0] + "\nikuti kami di google news", Texts[1] + "\nikuti kami di google news", Texts[3]], minItems: 2);
        foreach (string text in Texts)
        {
            foreach (SourceBoilerplate learned in new[] { SourceBoilerplate.None, boilerplate })
            {
                foreach (int rate in new[] { 1, 2, 4, 64 })
                {
                    Assert.Equal(ReferenceKeys(text, learned, rate), StoryKeys.For(StoryFeatures.From(text), learned, rate));
                }
            }
        }
    }

    [Fact]
    public void Boilerplate_is_the_shingles_of_at_least_min_items_distinct_texts()
    {
        string[] recent = [Texts[0], Texts[1], Texts[0] + "\nikuti kami di google news", Texts[1] + "\nikuti kami di google news", Texts[3], Texts[2]];
        foreach (int minItems in new[] { 2, 3, 4 })
        {
            var counts = new Dictionary<ulong, int>();
            foreach (string text in recent.Distinct(StringComparer.Ordinal))
            {
                foreach (ulong shingle in ReferenceShingles(text).Distinct())
                {
                    counts[shingle] = counts.GetValueOrDefault(shingle) + 1;
                }
            }

            ulong[] expected = [.. counts.Where(count => count.Value >= minItems).Select(count => count.Key).Order()];
            SourceBoilerplate learned = SourceBoilerplate.Learn(recent, minItems);

            Assert.NotEmpty(expected);
            Assert.Equal(expected, learned.SortedShingles.ToArray());
            Assert.All(expected, shingle => Assert.True(learned.Contains(shingle)));
            Assert.False(learned.Contains(ReferenceShingles("tidak ada apa").Single()));
        }
    }

    [Fact]
    public void Boilerplate_learned_from_many_texts_is_every_shingle_in_enough_of_them()
    {
        // Sixty-one texts over a small vocabulary (so shingles repeat across texts), some empty and
        // some identical: against counting every distinct text's shingles.
        var random = new Random(11);
        string[] words = ["pemerintah", "provinsi", "banjir", "bantuan", "warga", "kalsel", "jalan", "dinas", "kota", "rapat"];
        string[] recent = [.. Enumerable.Range(0, 61).Select(i => i % 17 == 0 ? string.Empty : string.Join(' ', Enumerable.Range(0, random.Next(3, 60)).Select(_ => words[random.Next(words.Length)])))];
        recent[30] = recent[29];
        foreach (int minItems in new[] { 2, 3, 7, 40 })
        {
            var counts = new Dictionary<ulong, int>();
            foreach (string text in recent.Distinct(StringComparer.Ordinal))
            {
                foreach (ulong shingle in ReferenceShingles(text).Distinct())
                {
                    counts[shingle] = counts.GetValueOrDefault(shingle) + 1;
                }
            }

            ulong[] expected = [.. counts.Where(count => count.Value >= minItems).Select(count => count.Key).Order()];

            Assert.Equal(expected, SourceBoilerplate.Learn(recent, minItems).SortedShingles.ToArray());
        }

        Assert.Equal(0, SourceBoilerplate.Learn(Array.Empty<string>(), 2).Count);
        Assert.Equal(0, SourceBoilerplate.Learn([recent[1]], 2).Count);
    }

    [Fact]
    public void Merged_set_operations_agree_with_hash_sets_whatever_the_sizes()
    {
        var random = new Random(7);
        foreach ((int a, int b) in new[] { (0, 0), (0, 5), (1, 1), (5, 300), (300, 5), (200, 220), (3, 4_000), (50, 50) })
        {
            // A small value range so the sets overlap.
            ulong[] left = Set(random, a, 600);
            ulong[] right = Set(random, b, b > 1_000 ? 8_000 : 600);
            var leftSet = new HashSet<ulong>(left);

            Assert.Equal(leftSet.Count(right.Contains), SortedShingleSets.CountShared(left, right));
            Assert.Equal(leftSet.Count(right.Contains), SortedShingleSets.CountShared(right, left));
            Assert.Equal(left.Where(x => !right.Contains(x)), SortedShingleSets.Except(left, right));
            Assert.Equal(left.Union(right).Order(), SortedShingleSets.Union(left, right));
        }
    }

    private static ulong[] Set(Random random, int count, int range)
    {
        var set = new HashSet<ulong>();
        while (set.Count < count)
        {
            set.Add((ulong)random.Next(range) * 0x9E3779B97F4A7C15UL);
        }

        return [.. set.Order()];
    }

    // The set-based definitions the sorted arrays replace (as of main 0c96026).
    private static List<ulong> ReferenceShingles(string matchText)
    {
        var shingles = new List<ulong>();
        var seen = new HashSet<ulong>();
        foreach (string line in matchText.Split('\n'))
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            int count = Math.Max(1, words.Length - Shingles.Size + 1);
            for (int start = 0; start < count; start++)
            {
                ulong hash = 14695981039346656037UL;
                for (int w = start; w < Math.Min(start + Shingles.Size, words.Length); w++)
                {
                    foreach (char c in words[w])
                    {
                        hash = (hash ^ c) * 1099511628211UL;
                    }

                    hash = (hash ^ ' ') * 1099511628211UL;
                }

                hash ^= hash >> 33;
                hash *= 0xff51afd7ed558ccdUL;
                hash ^= hash >> 33;
                hash *= 0xc4ceb9a53fe5334dUL;
                hash ^= hash >> 33;
                if (seen.Add(hash))
                {
                    shingles.Add(hash);
                }
            }
        }

        return shingles;
    }

    private static IEnumerable<string> ReferenceFigures(string matchText) =>
        matchText.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Where(word => MatchingText.IsNumber(word) && !(word.Length == 4 && word[0] is '1' or '2' && string.CompareOrdinal(word, "1900") >= 0 && string.CompareOrdinal(word, "2100") <= 0))
            .Distinct(StringComparer.Ordinal);

    private static List<long> ReferenceKeys(string matchText, SourceBoilerplate boilerplate, int samplingRate)
    {
        List<ulong> shingles = ReferenceShingles(matchText);
        List<ulong> specific = [.. shingles.Where(shingle => !boilerplate.Contains(shingle))];
        if (specific.Count == 0)
        {
            specific.AddRange(shingles);
        }

        List<long> keys = [.. specific.Where(shingle => shingle % (ulong)samplingRate == 0).Select(shingle => unchecked((long)shingle))];
        if (keys.Count < StoryKeys.MinKeys)
        {
            specific.Sort();
            foreach (ulong shingle in specific.Take(StoryKeys.MinKeys))
            {
                if (!keys.Contains(unchecked((long)shingle)))
                {
                    keys.Add(unchecked((long)shingle));
                }
            }
        }

        return keys;
    }
}
