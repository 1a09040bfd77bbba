using System.Text;
using FeedHub.Ingestion.Parsing;

namespace FeedHub.Tests.Parsing;

/// <summary>The filter skips plain runs vectorized; it must strip exactly what a character-by-character
/// reading of XML 1.0's Char production strips, wherever the bad character falls in a run.</summary>
public sealed class XmlCharFilterTests
{
    // Plain text, the break characters, controls, the edges of the legal ranges, surrogates, U+FFFE/F.
    private static readonly char[] Alphabet =
        ['a', 'é', ' ', '~', '\t', '\n', '\r', '\0', '\u0001', '\u001F', '\u007F', '\uD7FF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uE000', '\uFFFD', '\uFFFE', '\uFFFF', 'ก'];

    [Fact]
    public void Random_text_is_stripped_as_the_reference_reading_strips_it()
    {
        var random = new Random(12);
        for (int n = 0; n < 5_000; n++)
        {
            // Long plain stretches with a few odd characters, so vectorized runs end anywhere.
            var text = new StringBuilder();
            int length = random.Next(0, 200);
            for (int i = 0; i < length; i++)
            {
                text.Append(random.Next(8) == 0 ? Alphabet[random.Next(Alphabet.Length)] : (char)random.Next(0x20, 0x7F));
            }

            string input = text.ToString();
            Assert.Equal(Reference(input), XmlCharFilter.Strip(input));
        }
    }

    [Fact]
    public void Text_without_illegal_characters_is_returned_as_it_is()
    {
        string text = string.Concat(Enumerable.Repeat("Pemerintah Provinsi\tKalimantan Selatan\r\n\U0001F600 ", 100));

        Assert.Same(text, XmlCharFilter.Strip(text));
    }

    private static string Reference(string text)
    {
        var kept = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                kept.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD))
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }
}
