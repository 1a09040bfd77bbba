using System.Globalization;
using System.Reflection;
using System.Text;
using FeedHub.Core.Items;
using FeedHub.Core.Text;
using FeedHub.Tests.Corpus;

namespace FeedHub.Tests.Text;

/// <summary>Folded text is stored with every item (the search index's entry): folding without a
/// builder, a joined copy or a rune per ASCII character must give what the first implementation
/// gave, on the corpus and on odd text.</summary>
public sealed class SearchFoldLegacyTests
{
    [Fact]
    public void Corpus_items_fold_as_before()
    {
        int compared = 0;
        foreach (ParsedItem item in CorpusItems.All())
        {
            Assert.Equal(LegacyItemText(item.Title, item.Summary, item.Content), SearchFold.ItemText(item.Title, item.Summary, item.Content));
            Assert.Equal(Legacy.Fold(item.Title, int.MaxValue), SearchFold.Fold(item.Title));
            foreach (string category in item.Categories)
            {
                Assert.Equal(Legacy.Fold(category, int.MaxValue), SearchFold.Tag(category));
            }

            compared++;
        }

        Assert.True(compared > 1000, $"only {compared} corpus items compared");
    }

    [Theory]
    [InlineData("")]
    [InlineData("'")]
    [InlineData(" 'a' `b` ")]
    [InlineData("İSTANBUL ΣΊΣΥΦΟΣ straße ÀÉÎ 123 ४५६ ﬁ ＫＡＬ 東京 한국 ꦗꦮ ꦱꦶ")]
    [InlineData("emoji \uD83D\uDE00 between \uD800 lone \uDC00 surrogates \uD83D")]
    [InlineData("a-b_c.d,e;f!g?h~^|{}[]\\/\u0000\u007F\t\r\n")]
    [InlineData("Thai\u200Btext ban\u00ADjir Jum\u2019at")]
    public void Odd_texts_fold_as_before(string text)
    {
        Assert.Equal(Legacy.Fold(text, int.MaxValue), SearchFold.Fold(text));
        Assert.Equal(LegacyItemText(text, text, text), SearchFold.ItemText(text, text, text));
        Assert.Equal(LegacyItemText(null, text, null), SearchFold.ItemText(null, text, null));
        Assert.Equal(LegacyItemText(text, null, null), SearchFold.ItemText(text, null, null));
    }

    [Fact]
    public void Random_texts_fold_as_before()
    {
        var random = new Random(12);
        const string Alphabet = "abcdeABCDE0123 .,'`_-\u00E9\u0130\u03A3\u00DF\u00A0\t\n\u0301\u00AD\u2019\u6771\uAC00\uFB01\uFF21\uD83D\uDE00\uD800";
        for (int n = 0; n < 5000; n++)
        {
            string[] parts = new string[3];
            for (int p = 0; p < parts.Length; p++)
            {
                var text = new StringBuilder();
                int length = random.Next(0, 120);
                for (int i = 0; i < length; i++)
                {
                    text.Append(Alphabet[random.Next(Alphabet.Length)]);
                }

                parts[p] = text.ToString();
            }

            Assert.Equal(Legacy.Fold(parts[0], int.MaxValue), SearchFold.Fold(parts[0]));
            Assert.Equal(LegacyItemText(parts[0], parts[1], parts[2]), SearchFold.ItemText(parts[0], parts[1], parts[2]));
        }
    }

    [Theory]
    [InlineData("kata ")]
    [InlineData("ka ")]
    [InlineData("a")]
    [InlineData("ﬁ ")]
    [InlineData("東")]
    public void Long_texts_are_cut_where_they_were(string word)
    {
        // The limit falls in the title, in the separator between parts, in the summary and in the content.
        foreach (int titleWords in new[] { 0, 1, SearchFold.MaxTextLength / word.Length - 1, SearchFold.MaxTextLength / word.Length, SearchFold.MaxTextLength / word.Length + 1, SearchFold.MaxTextLength })
        {
            string title = string.Concat(Enumerable.Repeat(word, titleWords));
            string summary = string.Concat(Enumerable.Repeat(word, 3));
            string content = string.Concat(Enumerable.Repeat(word, SearchFold.MaxTextLength / 2));
            Assert.Equal(LegacyItemText(title, summary, content), SearchFold.ItemText(title, summary, content));
            Assert.Equal(LegacyItemText(title, null, null), SearchFold.ItemText(title, null, null));
        }
    }

    [Fact]
    public void Folding_an_item_allocates_its_plain_texts_and_the_result_only()
    {
        // A WordPress-shaped item: reading the HTML as text allocates what it allocates; folding
        // adds the result only (the builder, the joined copy and the builder's string were each
        // as large as the text again).
        string content = string.Concat(Enumerable.Repeat("<p>Gubernur Kalimantan Selatan meresmikan jembatan di Banjarmasin, Senin (12/5).</p>", 20));
        _ = SearchFold.ItemText("Judul berita", "Ringkasan", content);
        long start = GC.GetAllocatedBytesForCurrentThread();
        _ = PlainText.FromHtml("Judul berita");
        _ = PlainText.FromHtml("Ringkasan");
        _ = PlainText.FromHtml(content);
        long plainTexts = GC.GetAllocatedBytesForCurrentThread() - start;

        long before = GC.GetAllocatedBytesForCurrentThread();
        string folded = SearchFold.ItemText("Judul berita", "Ringkasan", content);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(LegacyItemText("Judul berita", "Ringkasan", content), folded);
        long budget = plainTexts + (2L * folded.Length) + 256;
        Assert.True(allocated <= budget, string.Create(CultureInfo.InvariantCulture, $"{allocated} bytes allocated for a {folded.Length}-character result (budget {budget})"));
    }

    private static string LegacyItemText(string? title, string? summaryHtml, string? contentHtml) =>
        Legacy.Fold(string.Join(' ', PlainText.FromHtml(title), PlainText.FromHtml(summaryHtml), PlainText.FromHtml(contentHtml)), SearchFold.MaxTextLength);

    /// <summary>The first implementation, verbatim but for the table's names.</summary>
    private static class Legacy
    {
        private const int HangulFirst = 0xAC00;
        private const int HangulLast = 0xD7A3;

        private static readonly Type Table = typeof(SearchFold).Assembly.GetType("FeedHub.Core.Text.Generated.SearchFoldTable", throwOnError: true)!;
        private static readonly int[] TableKeys = (int[])Table.GetField("Keys", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        private static readonly string[] TableValues = (string[])Table.GetField("Values", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

        internal static string Fold(string? text, int maxLength)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            var folded = new StringBuilder(text.Length);
            bool pendingSpace = false;
            foreach (Rune rune in text.EnumerateRunes())
            {
                if (folded.Length > maxLength)
                {
                    break;
                }

                if (rune.Value < 0x80)
                {
                    Append(folded, rune, ref pendingSpace);
                }
                else if (rune.Value is >= HangulFirst and <= HangulLast)
                {
                    AppendHangul(folded, rune.Value, ref pendingSpace);
                }
                else if (Array.BinarySearch(TableKeys, rune.Value) is int index and >= 0)
                {
                    foreach (Rune part in TableValues[index].EnumerateRunes())
                    {
                        Append(folded, part, ref pendingSpace);
                    }
                }
                else
                {
                    Append(folded, rune, ref pendingSpace);
                }
            }

            if (folded.Length > maxLength)
            {
                // Cut after the last whole token that fits.
                int cut = folded.ToString(0, maxLength + 1).LastIndexOf(' ');
                folded.Length = Math.Max(cut, 0);
            }

            return folded.ToString();
        }

        /// <summary>Adds one decomposed rune: dropped, a separator, or part of a token.</summary>
        private static void Append(StringBuilder folded, Rune rune, ref bool pendingSpace)
        {
            switch (Classify(rune))
            {
                case RuneKind.Ignored:
                    return;
                case RuneKind.Separator:
                    pendingSpace = folded.Length > 0;
                    return;
                case RuneKind.Ideograph:
                    if (folded.Length > 0)
                    {
                        folded.Append(' ');
                    }

                    AppendLower(folded, rune);
                    pendingSpace = true;
                    return;
                default:
                    if (pendingSpace)
                    {
                        folded.Append(' ');
                        pendingSpace = false;
                    }

                    AppendLower(folded, rune);
                    return;
            }
        }

        // Hangul syllables decompose by arithmetic (Unicode 3.12), not by table.
        private static void AppendHangul(StringBuilder folded, int syllable, ref bool pendingSpace)
        {
            int index = syllable - HangulFirst;
            Append(folded, new Rune(0x1100 + (index / (21 * 28))), ref pendingSpace);
            Append(folded, new Rune(0x1161 + (index % (21 * 28) / 28)), ref pendingSpace);
            if (index % 28 != 0)
            {
                Append(folded, new Rune(0x11A7 + (index % 28)), ref pendingSpace);
            }
        }

        private static void AppendLower(StringBuilder folded, Rune rune)
        {
            Rune lower = Rune.ToLowerInvariant(rune);
            string? special = lower.Value switch
            {
                'ß' => "ss",
                'ı' => "i",
                'ø' => "o",
                'đ' or 'ð' => "d",
                'ł' => "l",
                'ħ' => "h",
                'æ' => "ae",
                'œ' => "oe",
                'ς' => "σ",
                _ => null,
            };
            if (special is not null)
            {
                folded.Append(special);
            }
            else
            {
                Span<char> chars = stackalloc char[2];
                folded.Append(chars[..lower.EncodeToUtf16(chars)]);
            }
        }

        private static RuneKind Classify(Rune rune)
        {
            if (rune.Value is '\'' or '\u2019' or '\u02BC' or '`' or '\u00B4')
            {
                return RuneKind.Ignored;
            }

            if (IsIdeograph(rune.Value))
            {
                return RuneKind.Ideograph;
            }

            if (rune.Value == 0x200B)
            {
                // Zero-width space separates words in Thai and Khmer text.
                return RuneKind.Separator;
            }

            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.NonSpacingMark:
                    // Accents (after decomposition) and Arabic and Hebrew vowel points are optional in
                    // writing; the vowel signs of Javanese, Balinese and Indic scripts are not accents
                    // but part of the letter ("ꦱꦶ" si is not "ꦱ" sa), so they stay.
                    return IsAccent(rune.Value) ? RuneKind.Ignored : RuneKind.Word;
                case UnicodeCategory.EnclosingMark:
                case UnicodeCategory.Format:
                    // Zero-width joiners and soft hyphens hide inside words.
                    return RuneKind.Ignored;
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.LetterNumber:
                case UnicodeCategory.OtherNumber:
                case UnicodeCategory.SpacingCombiningMark:
                    // Spacing marks are vowel signs in Javanese, Balinese and Indic scripts: part of the word.
                    return RuneKind.Word;
                default:
                    return RuneKind.Separator;
            }
        }

        private static bool IsAccent(int value) =>
            value is (>= 0x0300 and <= 0x036F) // combining diacritical marks
                or (>= 0x0591 and <= 0x05C7) // Hebrew points
                or (>= 0x0610 and <= 0x061A) or (>= 0x064B and <= 0x065F) or 0x0670 // Arabic harakat
                or (>= 0x1AB0 and <= 0x1AFF) // combining diacritical marks extended
                or (>= 0x1DC0 and <= 0x1DFF) // combining diacritical marks supplement
                or (>= 0x20D0 and <= 0x20FF) // combining marks for symbols
                or (>= 0xFE20 and <= 0xFE2F) // combining half marks
                or 0x3099 or 0x309A; // kana voicing marks

        private static bool IsIdeograph(int value) =>
            value is (>= 0x3040 and <= 0x30FF) // hiragana, katakana
                or (>= 0x3400 and <= 0x4DBF) // CJK extension A
                or (>= 0x4E00 and <= 0x9FFF) // CJK unified ideographs
                or (>= 0xF900 and <= 0xFAFF) // CJK compatibility ideographs
                or (>= 0x20000 and <= 0x3FFFF); // CJK extensions B and later

        private enum RuneKind
        {
            Word,
            Ideograph,
            Separator,
            Ignored,
        }
    }
}
