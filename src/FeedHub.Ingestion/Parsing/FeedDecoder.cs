using System.Text;
using System.Text.RegularExpressions;

namespace FeedHub.Ingestion.Parsing;

/// <summary>The document as text, with the encoding it was read with (lower-case web name).</summary>
public sealed record DecodedDocument(string Text, string EncodingName);

/// <summary>Turns fetched bytes into text. Order of evidence: byte order mark, HTTP charset,
/// the UTF-16/32 byte pattern of "&lt;?", the XML declaration, else UTF-8. Undecodable bytes
/// become U+FFFD rather than failing the whole feed.</summary>
/// <remarks>RFC 3023 says text/* without a charset is US-ASCII. We honour that only where it is
/// harmless: an all-ASCII body reports "us-ascii"; a body with other bytes is read by its
/// declaration or as UTF-8, because servers omit the charset on UTF-8 feeds all the time.</remarks>
public static partial class FeedDecoder
{
    static FeedDecoder()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static DecodedDocument Decode(ReadOnlySpan<byte> bytes, string? contentType)
    {
        if (TryBom(bytes, out string? bomFamily, out int bomLength))
        {
            return Read(bytes[bomLength..], GetEncoding(bomFamily), bomFamily);
        }

        // Bytes laid out as UTF-16/32 cannot be a single-byte charset, whatever a header claims;
        // the pattern also gives the byte order a bare "utf-16" label leaves open.
        string? family = SniffUnicodeFamily(bytes);
        if (family is not null)
        {
            return Read(bytes, GetEncoding(family), family);
        }

        (string? mediaType, string? charset) = ParseContentType(contentType);
        if (charset is not null && TryGetEncoding(charset, out Encoding? httpEncoding) && !IsWide(httpEncoding))
        {
            return Read(bytes, httpEncoding, NameFor(charset, httpEncoding));
        }

        if (charset is null && mediaType is not null && mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            && !bytes.ContainsAnyInRange((byte)0x80, (byte)0xFF))
        {
            return Read(bytes, Encoding.ASCII);
        }

        string? declared = ReadDeclaredEncoding(bytes);
        if (declared is not null && TryGetEncoding(declared, out Encoding? declaredEncoding)
            && !IsWide(declaredEncoding))
        {
            return Read(bytes, declaredEncoding, NameFor(declared, declaredEncoding));
        }

        return Read(bytes, Encoding.UTF8);
    }

    /// <summary>The media type and charset parameter of a Content-Type header; quotes and spaces tolerated.</summary>
    public static (string? MediaType, string? Charset) ParseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return (null, null);
        }

        string[] parts = contentType.Split(';');
        string mediaType = parts[0].Trim();
        string? charset = null;
        foreach (string parameter in parts.Skip(1))
        {
            int equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 || !parameter[..equals].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string value = parameter[(equals + 1)..].Trim().Trim('"', '\'').Trim();
            charset = value.Length == 0 ? null : value;
        }

        return (mediaType.Length == 0 ? null : mediaType, charset);
    }

    private static DecodedDocument Read(ReadOnlySpan<byte> bytes, Encoding encoding, string? name = null)
    {
        // Decoders built from the registry replace invalid sequences with U+FFFD by default;
        // make that explicit for the UTF family, whose static instances may differ.
        Encoding decoder = encoding switch
        {
            UTF8Encoding => new UTF8Encoding(false, false),
            _ => encoding,
        };
        string text = decoder.GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return new DecodedDocument(text, (name ?? encoding.WebName).ToLowerInvariant());
    }

    private static bool TryBom(ReadOnlySpan<byte> bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? family, out int length)
    {
        (family, length) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ("utf-8", 3),
            [0xFF, 0xFE, 0x00, 0x00, ..] => ("utf-32le", 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => ("utf-32be", 4),
            [0xFF, 0xFE, ..] => ("utf-16le", 2),
            [0xFE, 0xFF, ..] => ("utf-16be", 2),
            _ => (null, 0),
        };
        return family is not null;
    }

    private static bool IsWide(Encoding encoding) => encoding is UnicodeEncoding or UTF32Encoding;

    /// <summary>XML 1.0 Appendix F: without a BOM, "&lt;" (and "&lt;?") in a wide encoding shows its byte order.</summary>
    private static string? SniffUnicodeFamily(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0x00, 0x00, 0x00, 0x3C, ..] => "utf-32be",
        [0x3C, 0x00, 0x00, 0x00, ..] => "utf-32le",
        [0x00, 0x3C, 0x00, _, ..] => "utf-16be",
        [0x3C, 0x00, _, 0x00, ..] => "utf-16le",
        _ => null,
    };

    private static Encoding GetEncoding(string family) => family switch
    {
        "utf-32be" => new UTF32Encoding(true, false),
        "utf-32le" => new UTF32Encoding(false, false),
        "utf-16be" => new UnicodeEncoding(true, false),
        "utf-16le" => new UnicodeEncoding(false, false),
        _ => new UTF8Encoding(false, false),
    };

    private static string? ReadDeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> head = bytes[..Math.Min(bytes.Length, 512)];
        string ascii = Encoding.Latin1.GetString(head);
        Match match = DeclarationPattern().Match(ascii);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>Resolves a charset label. Labels for US-ASCII and Latin-1 read as windows-1252, as
    /// browsers do (the bytes 0x80-0x9F are curly quotes in practice, never C1 controls), but keep
    /// their own name; GB2312 reads as its superset GB18030.</summary>
    private static bool TryGetEncoding(string label, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Encoding? encoding)
    {
        encoding = null;
        string normalized = label.Trim().ToLowerInvariant();
        try
        {
            encoding = normalized switch
            {
                "us-ascii" or "ascii" or "iso-8859-1" or "iso8859-1" or "latin1" or "latin-1" or "l1" or "cp819" or "iso_8859-1"
                    => Encoding.GetEncoding(1252),
                "gb2312" or "gbk" or "x-gbk" => Encoding.GetEncoding("gb18030"),
                "utf8" => Encoding.UTF8,
                _ => Encoding.GetEncoding(normalized),
            };
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string NameFor(string label, Encoding encoding)
    {
        string normalized = label.Trim().ToLowerInvariant();
        return normalized switch
        {
            "us-ascii" or "ascii" => "us-ascii",
            "iso-8859-1" or "iso8859-1" or "latin1" or "latin-1" or "l1" or "cp819" or "iso_8859-1" => "iso-8859-1",
            _ => encoding.WebName,
        };
    }

    [GeneratedRegex("""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']""", RegexOptions.CultureInvariant)]
    private static partial Regex DeclarationPattern();
}
