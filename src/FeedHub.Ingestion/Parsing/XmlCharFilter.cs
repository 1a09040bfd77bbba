using System.Text;

namespace FeedHub.Ingestion.Parsing;

/// <summary>Removes characters XML 1.0 forbids (C0 controls other than tab/CR/LF, U+FFFE/U+FFFF,
/// lone surrogates): one such character must not cost a whole feed.</summary>
public static class XmlCharFilter
{
    public static string Strip(string text)
    {
        int firstBad = FindFirstIllegal(text);
        if (firstBad < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, firstBad);
        for (int i = firstBad; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(c).Append(text[i + 1]);
                    i++;
                }

                continue;
            }

            if (IsLegal(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>How many characters of <paramref name="text"/> XML 1.0 forbids, counting U+FFFD
    /// (the decoder's mark for bytes that were not text) too.</summary>
    public static int CountSuspicious(ReadOnlySpan<char> text)
    {
        int count = 0;
        foreach (char c in text)
        {
            if (c == '\uFFFD' || (!IsLegal(c) && !char.IsSurrogate(c)))
            {
                count++;
            }
        }

        return count;
    }

    private static int FindFirstIllegal(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            // Every document is scanned whole: skip the plain run (legal for certain) vectorized,
            // then look at the one character that ended it (a line break, a surrogate, ...).
            int run = text.AsSpan(i).IndexOfAnyExceptInRange(' ', '\uD7FF');
            if (run < 0)
            {
                return -1;
            }

            i += run;
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (!IsLegal(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsLegal(char c) =>
        c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
}
