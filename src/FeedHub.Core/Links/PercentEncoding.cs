using System.Text;

namespace FeedHub.Core.Links;

/// <summary>RFC 3986 percent-encoding normalization (section 6.2.2.2): escapes of unreserved
/// characters are decoded, other escapes use upper-case hex, characters that may not appear
/// literally are escaped as UTF-8.</summary>
internal static class PercentEncoding
{
    public enum Component
    {
        Path,
        Query,
    }

    public static void AppendNormalized(StringBuilder builder, string value, Component component)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '%')
            {
                if (i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
                {
                    int decoded = (HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]);
                    if (IsUnreserved((char)decoded))
                    {
                        builder.Append((char)decoded);
                    }
                    else
                    {
                        AppendEscaped(builder, (byte)decoded);
                    }

                    i += 2;
                }
                else
                {
                    builder.Append("%25");
                }

                continue;
            }

            if (c < 0x80)
            {
                if (IsAllowedLiteral(c, component))
                {
                    builder.Append(c);
                }
                else
                {
                    AppendEscaped(builder, (byte)c);
                }

                continue;
            }

            int length = 1;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                length = 2;
            }

            ReadOnlySpan<char> scalar = value.AsSpan(i, length);
            // A lone surrogate has no UTF-8 form; it becomes U+FFFD as browsers do.
            int written = Encoding.UTF8.GetBytes(char.IsSurrogate(c) && length == 1 ? "\uFFFD" : scalar, utf8);
            foreach (byte b in utf8[..written])
            {
                AppendEscaped(builder, b);
            }

            i += length - 1;
        }
    }

    private static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static bool IsAllowedLiteral(char c, Component component) =>
        IsUnreserved(c)
        || c is '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@' or '/'
        || (component == Component.Query && c == '?');

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static void AppendEscaped(StringBuilder builder, byte b)
    {
        const string Hex = "0123456789ABCDEF";
        builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
    }
}
