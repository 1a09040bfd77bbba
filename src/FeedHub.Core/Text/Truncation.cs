namespace FeedHub.Core.Text;

/// <summary>Cuts text to a field limit without splitting a surrogate pair.</summary>
public static class Truncation
{
    private const char Ellipsis = '\u2026';

    /// <summary>At most <paramref name="maxLength"/> characters, cut hard; for content that is
    /// parsed again afterwards (HTML), where a marker would only get in the way.</summary>
    public static string Cut(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (text.Length <= maxLength)
        {
            return text;
        }

        int end = maxLength;
        if (end > 0 && char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return text[..end];
    }

    /// <summary>At most <paramref name="maxLength"/> characters of plain text for display: cut at
    /// the last space of the allowed part when there is one not too far back, and marked with "…".</summary>
    public static string Shorten(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (text.Length <= maxLength)
        {
            return text;
        }

        string head = Cut(text, maxLength - 1);
        int space = head.LastIndexOf(' ');
        if (space >= head.Length * 3 / 4)
        {
            head = head[..space];
        }

        return head.TrimEnd() + Ellipsis;
    }
}
