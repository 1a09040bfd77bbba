using static FeedHub.Tests.Stories.Syndication.SyndicationVocabulary;

namespace FeedHub.Tests.Stories.Syndication;

/// <summary>How one portal edits what it republishes: its habits (credit style, dateline,
/// footer, whether its feed carries only a summary) are fixed, each copy's edits are drawn.</summary>
internal sealed class PortalStyle
{
    private readonly int _creditStyle;
    private readonly bool _dateline;
    private readonly bool _summaryOnly;
    private readonly string? _titlePrefix;
    private readonly string _footer;

    public PortalStyle(Random random)
    {
        _creditStyle = random.Next(6);
        _dateline = random.NextDouble() < 0.7;
        _summaryOnly = random.NextDouble() < 0.15;
        _titlePrefix = random.Next(5) switch { 0 => "[Rilis] ", 1 => "{CODE}: ", 2 => "(Diperbarui) ", _ => null };
        _footer = random.Next(3) switch
        {
            0 => "Ikuti berita terkini dan terpercaya dari kami di Google News dan kanal WhatsApp.",
            1 => "Dapatkan update berita pilihan setiap hari dengan bergabung di saluran Telegram redaksi.",
            _ => "Redaksi menerima tulisan opini dan rilis dari pembaca melalui surel redaksi.",
        };
    }

    public (string Title, List<string> Paragraphs) Edit(Random random, Region region, SimSource portal, string title, IReadOnlyList<string> original, string? credit = null)
    {
        var paragraphs = new List<string>();
        for (int i = 0; i < original.Count; i++)
        {
            string paragraph = original[i];
            if (i > 0 && IsSignature(paragraph))
            {
                continue;
            }

            if (i > 0 && random.NextDouble() < 0.12)
            {
                continue;
            }

            if (random.NextDouble() < 0.25)
            {
                paragraph = Reword(random, paragraph);
            }

            if (random.NextDouble() < 0.1)
            {
                paragraph = paragraph.Replace("Rp", "Rp ", StringComparison.Ordinal);
            }

            paragraphs.Add(paragraph);
        }

        // The source's own dateline is replaced by the portal's, or dropped.
        int dash = paragraphs[0].IndexOf(" – ", StringComparison.Ordinal);
        if (dash is > 0 and < 60)
        {
            paragraphs[0] = paragraphs[0][(dash + 3)..];
        }

        if (_dateline)
        {
            string city = region.Cities[random.Next(region.Cities.Length)].ToUpperInvariant();
            paragraphs[0] = $"{city}, {portal.Title.Split(' ')[0]} – {paragraphs[0]}";
        }

        if (random.NextDouble() < 0.2)
        {
            paragraphs.Insert(0, Leads[random.Next(Leads.Length)].Replace("{city}", region.Cities[random.Next(region.Cities.Length)], StringComparison.Ordinal));
        }

        if (_summaryOnly)
        {
            paragraphs = [.. paragraphs.Take(2)];
            paragraphs[^1] += " [...]";
        }
        else if (random.NextDouble() < 0.1)
        {
            paragraphs = [.. paragraphs.Take(Math.Max(2, paragraphs.Count / 2))];
        }

        if (random.NextDouble() < 0.25)
        {
            paragraphs.Add($"Foto: Humas {region.Aliases[0]}");
        }

        string alias = credit ?? region.Aliases[random.Next(region.Aliases.Length)];
        if (random.NextDouble() < 0.75 && !_summaryOnly)
        {
            paragraphs.Add(_creditStyle switch
            {
                0 => $"(Sumber : {alias})",
                1 => $"Sumber: {(credit is null ? region.Domain : credit)}",
                2 => $"sumber: {alias}",
                3 => $"Rilis: {alias}",
                4 => $"(sumber: {alias.ToUpperInvariant()})",
                _ => $"Sumber : {alias}",
            });
        }

        if (random.NextDouble() < 0.4 && !_summaryOnly)
        {
            paragraphs.Add($"Baca juga: {Pick(random, ["Harga Cabai Rawit Turun", "Banjir Rendam Dua Desa", "Jadwal Pemadaman Listrik Pekan Ini", "Lowongan PPPK Dibuka"])} di {region.Cities[random.Next(region.Cities.Length)]}");
        }

        if (!_summaryOnly)
        {
            paragraphs.Add(_footer);
        }

        string newTitle = random.NextDouble() switch
        {
            < 0.45 => title,
            < 0.75 when _titlePrefix is not null => _titlePrefix.Replace("{CODE}", region.Code, StringComparison.Ordinal) + title,
            < 0.9 => Reword(random, title),
            _ => RewriteTitle(random, title),
        };
        return (newTitle, paragraphs);
    }

    private static bool IsSignature(string paragraph) => paragraph.Length < 30 && paragraph.Contains('/', StringComparison.Ordinal);

    private static string Reword(Random random, string text)
    {
        for (int n = 0, edits = 1 + random.Next(2); n < edits; n++)
        {
            (string from, string to) = Synonyms[random.Next(Synonyms.Length)];
            text = random.Next(2) == 0 ? text.Replace(from, to, StringComparison.Ordinal) : text.Replace(to, from, StringComparison.Ordinal);
        }

        // A quote moved behind its speaker: "X," ujar Y. → Y mengatakan X.
        int quote = text.IndexOf(",\" ", StringComparison.Ordinal);
        if (quote > 0 && text.StartsWith('"') && random.NextDouble() < 0.5)
        {
            string speaker = text[(quote + 3)..].TrimEnd('.');
            string[] parts = speaker.Split(' ', 2);
            text = $"{(parts.Length > 1 ? parts[1] : speaker)} mengatakan, {text[1..quote]}.";
            text = char.ToUpperInvariant(text[0]) + text[1..];
        }

        return text;
    }

    private static string RewriteTitle(Random random, string title)
    {
        string[] words = title.Split(' ');
        int cut = Math.Max(3, words.Length - 2);
        return string.Join(' ', words.Skip(1).Take(cut)) + Pick(random, [", Warga Antusias", ", Ini Kata Gubernur", " Hari Ini", ""]);
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
