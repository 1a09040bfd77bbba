using System.Text;

namespace FeedHub.Core.Stories;

/// <summary>The words story matching compares: lower case, diacritics folded, punctuation gone,
/// and numbers written one way (<c>Rp1.500.000</c>, <c>Rp 1,5 juta</c> → <c>rp 1500000</c>,
/// <c>rp 15 juta</c>) so a reworded figure still reads as the same figure.</summary>
public static class MatchingText
{
    /// <summary>Words of <paramref name="plainText"/> (markup-free text is expected).</summary>
    public static List<string> Words(string? plainText)
    {
        var words = new WordList { Words = [] };
        Scan(plainText, ref words);
        return words.Words;
    }

    /// <summary>Appends the words of <paramref name="plainText"/> to <paramref name="text"/>,
    /// separated by single spaces (what joining <see cref="Words"/> by spaces gives, without a
    /// string per word); returns how many there were.</summary>
    public static int AppendWords(StringBuilder text, string? plainText)
    {
        ArgumentNullException.ThrowIfNull(text);
        var joined = new JoinedWords { Text = text };
        Scan(plainText, ref joined);
        return joined.Count;
    }

    private static void Scan<TSink>(string? plainText, ref TSink sink)
        where TSink : struct, IWordSink
    {
        if (string.IsNullOrEmpty(plainText))
        {
            return;
        }

        var word = new StringBuilder();
        bool digits = false;
        for (int i = 0; i < plainText.Length; i++)
        {
            char c = Fold(plainText[i]);
            if (char.IsDigit(c))
            {
                // "rp1" splits into "rp" and "1": portals write the currency with and without a space.
                if (word.Length > 0 && !digits)
                {
                    Flush(ref sink, word);
                }

                digits = true;
                word.Append(c);
            }
            else if (digits && (c == '.' || c == ',') && i + 1 < plainText.Length && char.IsDigit(plainText[i + 1]))
            {
                // A thousands or decimal separator inside a figure: dropped, not a word break.
            }
            else if (char.IsLetter(c))
            {
                if (digits)
                {
                    Flush(ref sink, word);
                    digits = false;
                }

                word.Append(char.ToLowerInvariant(c));
            }
            else
            {
                Flush(ref sink, word);
                digits = false;
            }
        }

        Flush(ref sink, word);
    }

    /// <summary>True for a word that is a figure (an amount, a count, a date part).</summary>
    public static bool IsNumber(string word) => word.Length > 0 && char.IsDigit(word[0]);

    /// <summary>Case, spacing and punctuation insensitive form of a name (<c>MC Kalsel</c>,
    /// <c>mc-kalsel</c> → <c>mckalsel</c>), for matching credit lines against aliases.</summary>
    public static string Compact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var compact = new StringBuilder(text.Length);
        foreach (char raw in text)
        {
            char c = Fold(raw);
            if (char.IsLetterOrDigit(c))
            {
                compact.Append(char.ToLowerInvariant(c));
            }
        }

        return compact.ToString();
    }

    private static void Flush<TSink>(ref TSink sink, StringBuilder word)
        where TSink : struct, IWordSink
    {
        if (word.Length > 0)
        {
            sink.Add(word);
            word.Clear();
        }
    }

    private interface IWordSink
    {
        void Add(StringBuilder word);
    }

    private struct WordList : IWordSink
    {
        public List<string> Words;

        public readonly void Add(StringBuilder word) => Words.Add(word.ToString());
    }

    private struct JoinedWords : IWordSink
    {
        public StringBuilder Text;
        public int Count;

        public void Add(StringBuilder word)
        {
            if (Count++ > 0)
            {
                Text.Append(' ');
            }

            Text.Append(word);
        }
    }

    // A table instead of string.Normalize: the build runs with invariant globalization, and
    // Indonesian text only meets the Latin-1 and Latin Extended-A letters (café, Françoise, Ülkü).
    private const string Accented = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŠšŽžĀāĒēĪīŌōŪū";
    private const string Unaccented = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyySsZzAaEeIiOoUu";

    private static char Fold(char c)
    {
        if (c < 0xC0)
        {
            return c;
        }

        int index = Accented.IndexOf(c, StringComparison.Ordinal);
        return index >= 0 ? Unaccented[index] : c;
    }
}
