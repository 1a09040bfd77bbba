using System.Buffers;
using System.Globalization;
using System.Text;
using FeedHub.Core.Text.Generated;

namespace FeedHub.Core.Text;

/// <summary>The one rule by which searches and tag filters compare text, on every storage engine:
/// text is folded here, in code, when an item is stored and when a query is read, and the engines
/// only index and match the folded tokens. Folding is compatibility decomposition (NFKD: full-width
/// forms, ligatures, superscripts; from a generated table, since the invariant globalization FeedHub
/// runs with cannot normalize), accents removed (the combining
/// diacritical marks, the dot of 'İ', Arabic and Hebrew vowel points), invariant
/// lower case plus the few foldings that decomposition does not give ('ß'→"ss", 'ı'→'i', 'ø'→'o',
/// 'đ'→'d', 'ł'→'l', 'æ'→"ae", 'œ'→"oe", final 'ς'→'σ'). A token is a run of letters, digits and
/// the marks that are part of letters; apostrophes inside a word are dropped (Indonesian "Jum'at" is "jumat"), every
/// other character separates tokens, and each CJK ideograph or kana is a token of its own (those
/// scripts put no spaces between words). Folded text is its tokens joined by single spaces.</summary>
public static class SearchFold
{
    /// <summary>Folded text kept per item, in UTF-16 characters; words past it are not searchable.
    /// It keeps every engine's index entry bounded (PostgreSQL refuses a tsvector over 1 MB).</summary>
    public const int MaxTextLength = 100_000;

    private const int HangulFirst = 0xAC00;
    private const int HangulLast = 0xD7A3;

    /// <summary>The folded tokens of <paramref name="text"/>, joined by single spaces; empty for none.</summary>
    public static string Fold(string? text) => Fold(text, int.MaxValue);

    /// <summary>The tokens of <paramref name="text"/>, folded.</summary>
    public static string[] Tokens(string? text)
    {
        string folded = Fold(text);
        return folded.Length == 0 ? [] : folded.Split(' ');
    }

    /// <summary>A tag as stored and as filtered on: its folded tokens joined by single spaces, so
    /// "Kota-Banjarmasin", "KOTA BANJARMASIN" and "kota banjarmasin" are one tag.</summary>
    public static string Tag(string? tag) => Fold(tag);

    /// <summary>What the search index holds for one item: its title, summary and content (HTML read
    /// as plain text), folded, at most <see cref="MaxTextLength"/> characters, cut between tokens.</summary>
    public static string ItemText(string? title, string? summaryHtml, string? contentHtml) =>
        ItemTextOfPlainTexts(PlainText.FromHtml(title), PlainText.FromHtml(summaryHtml), PlainText.FromHtml(contentHtml));

    /// <summary><see cref="ItemText"/> of fields already read as plain text (<see cref="PlainText.FromHtml(string?)"/>
    /// of each): a caller that read the content for another purpose need not read it again.</summary>
    public static string ItemTextOfPlainTexts(string titleText, string summaryText, string contentText)
    {
        // The three parts are folded one after the other into one buffer, a separator between
        // them: what folding them joined by spaces gives, without the joined copy.
        var folded = new FoldBuffer(Math.Min(titleText.Length + summaryText.Length + contentText.Length + 2, MaxTextLength + 16));
        try
        {
            bool pendingSpace = false;
            _ = FoldInto(ref folded, titleText, MaxTextLength, ref pendingSpace)
                || Separate(ref folded, MaxTextLength, ref pendingSpace)
                || FoldInto(ref folded, summaryText, MaxTextLength, ref pendingSpace)
                || Separate(ref folded, MaxTextLength, ref pendingSpace)
                || FoldInto(ref folded, contentText, MaxTextLength, ref pendingSpace);
            return Finish(ref folded, MaxTextLength);
        }
        finally
        {
            folded.Dispose();
        }
    }

    private static string Fold(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var folded = new FoldBuffer(text.Length);
        try
        {
            bool pendingSpace = false;
            FoldInto(ref folded, text, maxLength, ref pendingSpace);
            return Finish(ref folded, maxLength);
        }
        finally
        {
            folded.Dispose();
        }
    }

    /// <summary>Folds <paramref name="text"/> onto what is already folded; true once past <paramref name="maxLength"/>.</summary>
    private static bool FoldInto(ref FoldBuffer folded, string text, int maxLength, ref bool pendingSpace)
    {
        int i = 0;
        while (i < text.Length)
        {
            if (folded.Length > maxLength)
            {
                return true;
            }

            char c = text[i];
            if (c < 0x80)
            {
                // ASCII, nearly all of an Indonesian text: letters and digits are a token's,
                // apostrophes and the backtick vanish, anything else separates (what Classify says
                // of every ASCII character, without decoding a rune).
                if (char.IsAsciiLetterOrDigit(c))
                {
                    if (pendingSpace)
                    {
                        folded.Append(' ');
                        pendingSpace = false;
                    }

                    folded.Append(char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c);
                }
                else if (c is not ('\'' or '`'))
                {
                    pendingSpace = folded.Length > 0;
                }

                i++;
                continue;
            }

            // As string.EnumerateRunes: a lone surrogate is one U+FFFD.
            Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int consumed);
            i += consumed;
            if (rune.Value is >= HangulFirst and <= HangulLast)
            {
                AppendHangul(ref folded, rune.Value, ref pendingSpace);
            }
            else if (Array.BinarySearch(SearchFoldTable.Keys, rune.Value) is int index and >= 0)
            {
                foreach (Rune part in SearchFoldTable.Values[index].EnumerateRunes())
                {
                    Append(ref folded, part, ref pendingSpace);
                }
            }
            else
            {
                Append(ref folded, rune, ref pendingSpace);
            }
        }

        return false;
    }

    /// <summary>The space that joined the parts of an item's text: a separator, past the limit or not.</summary>
    private static bool Separate(ref FoldBuffer folded, int maxLength, ref bool pendingSpace)
    {
        if (folded.Length > maxLength)
        {
            return true;
        }

        pendingSpace = folded.Length > 0;
        return false;
    }

    private static string Finish(ref FoldBuffer folded, int maxLength)
    {
        if (folded.Length > maxLength)
        {
            // Cut after the last whole token that fits.
            int cut = folded.Written[..(maxLength + 1)].LastIndexOf(' ');
            return folded.Written[..Math.Max(cut, 0)].ToString();
        }

        return folded.Written.ToString();
    }

    /// <summary>Adds one decomposed rune: dropped, a separator, or part of a token.</summary>
    private static void Append(ref FoldBuffer folded, Rune rune, ref bool pendingSpace)
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

                AppendLower(ref folded, rune);
                pendingSpace = true;
                return;
            default:
                if (pendingSpace)
                {
                    folded.Append(' ');
                    pendingSpace = false;
                }

                AppendLower(ref folded, rune);
                return;
        }
    }

    // Hangul syllables decompose by arithmetic (Unicode 3.12), not by table.
    private static void AppendHangul(ref FoldBuffer folded, int syllable, ref bool pendingSpace)
    {
        int index = syllable - HangulFirst;
        Append(ref folded, new Rune(0x1100 + (index / (21 * 28))), ref pendingSpace);
        Append(ref folded, new Rune(0x1161 + (index % (21 * 28) / 28)), ref pendingSpace);
        if (index % 28 != 0)
        {
            Append(ref folded, new Rune(0x11A7 + (index % 28)), ref pendingSpace);
        }
    }

    private static void AppendLower(ref FoldBuffer folded, Rune rune)
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

    /// <summary>Folded characters in a pooled array: a text is folded without a builder or a copy
    /// besides the result.</summary>
    private struct FoldBuffer : IDisposable
    {
        private char[] _chars;

        public FoldBuffer(int capacity)
        {
            _chars = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 16));
            Length = 0;
        }

        public int Length { get; private set; }

        public readonly ReadOnlySpan<char> Written => _chars.AsSpan(0, Length);

        public void Append(char c)
        {
            if (Length == _chars.Length)
            {
                Grow(1);
            }

            _chars[Length++] = c;
        }

        public void Append(ReadOnlySpan<char> chars)
        {
            if (Length + chars.Length > _chars.Length)
            {
                Grow(chars.Length);
            }

            chars.CopyTo(_chars.AsSpan(Length));
            Length += chars.Length;
        }

        public void Dispose()
        {
            ArrayPool<char>.Shared.Return(_chars);
            _chars = [];
        }

        private void Grow(int more)
        {
            char[] larger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, Length + more));
            Written.CopyTo(larger);
            ArrayPool<char>.Shared.Return(_chars);
            _chars = larger;
        }
    }

    private enum RuneKind
    {
        Word,
        Ideograph,
        Separator,
        Ignored,
    }
}
