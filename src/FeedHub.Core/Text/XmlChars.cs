using System.Text;

namespace FeedHub.Core.Text;

/// <summary>Characters XML 1.0 forbids (C0 controls other than tab, LF and CR, U+FFFE, U+FFFF,
/// lone surrogates). One of them in one item makes an XmlWriter throw mid-document, so they are
/// removed on the way in.</summary>
public static class XmlChars
{
    /// <summary>The text without illegal characters; the same instance when it has none.</summary>
    public static string RemoveIllegal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int first = IndexOfIllegal(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (IsLegalBmp(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Null stays null; otherwise <see cref="RemoveIllegal(string)"/>.</summary>
    public static string? RemoveIllegalOrNull(string? text) => text is null ? null : RemoveIllegal(text);

    /// <summary>Index of the first illegal character, or -1.</summary>
    public static int IndexOfIllegal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c >= 0x20 && c < 0xD800)
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (!IsLegalBmp(c))
            {
                return i;
            }
        }

        return -1;
    }

    // Surrogates are never legal on their own; pairs are handled by the callers.
    private static bool IsLegalBmp(char c) =>
        c is '\t' or '\n' or '\r'
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD);
}
