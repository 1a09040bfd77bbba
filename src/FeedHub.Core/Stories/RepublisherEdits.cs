using System.Text.RegularExpressions;

namespace FeedHub.Core.Stories;

/// <summary>Removes what a republishing portal adds around a release, before texts are compared:
/// credit lines (<c>Sumber : MC Kalsel</c>, <c>(sumber: …)</c>, <c>Foto: …</c>), datelines
/// (<c>BANJARMASIN, Portal –</c>), "Baca juga" links and title prefixes (<c>[Rilis]</c>,
/// <c>KALSEL:</c>, <c>(Diperbarui)</c>). The names in "Sumber" credit lines are kept: they say
/// who the origin is.</summary>
public static partial class RepublisherEdits
{
    /// <summary>Longest paragraph still treated as a credit line rather than as text.</summary>
    private const int MaxCreditLength = 120;

    public static string CleanTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return string.Empty;
        }

        string cleaned = title.Trim();
        // Prefixes stack ("[Rilis] KALSEL: ..."); strip until none is left.
        for (int guard = 0; guard < 4; guard++)
        {
            string next = TitlePrefix().Replace(cleaned, string.Empty, 1).TrimStart();
            if (next.Length == cleaned.Length || next.Length == 0)
            {
                break;
            }

            cleaned = next;
        }

        cleaned = TitleSiteSuffix().Replace(cleaned, string.Empty);
        return cleaned;
    }

    /// <summary>The paragraphs of <paramref name="paragraphs"/> without added lines, and the
    /// names credited as source.</summary>
    public static (List<string> Paragraphs, List<string> Credits) CleanBody(IReadOnlyList<string> paragraphs)
    {
        var kept = new List<string>(paragraphs.Count);
        var credits = new List<string>();
        foreach (string raw in paragraphs)
        {
            string paragraph = raw.Trim();
            if (paragraph.Length == 0)
            {
                continue;
            }

            if (paragraph.Length <= MaxCreditLength && CreditParagraph().Match(paragraph) is { Success: true } line)
            {
                AddCredit(credits, line);
                continue;
            }

            if (paragraph.Length <= MaxCreditLength * 2 && ReadAlso().IsMatch(paragraph))
            {
                continue;
            }

            // Both credit patterns need a colon: most paragraphs have none, and the trailing
            // pattern's look-behind made its search the dearest part of cleaning a body.
            if (paragraph.AsSpan().IndexOfAny(':', '：') >= 0)
            {
                paragraph = InlineCredit().Replace(paragraph, match =>
                {
                    AddCredit(credits, match);
                    return " ";
                });
                paragraph = TrailingCredit().Replace(paragraph, match =>
                {
                    AddCredit(credits, match);
                    return string.Empty;
                });
            }
            if (kept.Count == 0)
            {
                paragraph = Dateline().Replace(paragraph, string.Empty, 1);
            }

            paragraph = Spaces().Replace(paragraph, " ").Trim();
            if (paragraph.Length > 0)
            {
                kept.Add(paragraph);
            }
        }

        // A signature such as "MC Kalsel/ARH" closing the release names its desk.
        if (kept.Count > 0 && Signature().Match(kept[^1]) is { Success: true } signature)
        {
            credits.Add(signature.Groups["name"].Value.Trim());
            kept[^1] = kept[^1][..signature.Index].TrimEnd();
            if (kept[^1].Length == 0)
            {
                kept.RemoveAt(kept.Count - 1);
            }
        }

        return (kept, credits);
    }

    // One array for every call: the params form builds a new one each time.
    private static readonly char[] CreditEnd = ['.', ')', ' '];

    private static void AddCredit(List<string> credits, Match match)
    {
        // Photo, editor and writer credits name people, not the source of the text.
        if (match.Groups["kind"].Value.ToLowerInvariant() is "sumber" or "source" or "rilis" or "dikutip dari" or "disadur dari")
        {
            string name = match.Groups["name"].Value.Trim().TrimEnd(CreditEnd);
            if (name.Length > 0)
            {
                credits.Add(name);
            }
        }
    }

    [GeneratedRegex(@"^\s*(?:\[[^\]]{1,30}\]|\((?:diperbarui|update|updated|rilis|foto|video)\)|[A-Z][A-Z .]{1,20}:(?=\s))", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TitlePrefix();

    [GeneratedRegex(@"\s+\|\s+[^|]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex TitleSiteSuffix();

    [GeneratedRegex(@"^\(?\s*(?<kind>sumber|source|rilis|foto|editor|penulis|reporter|pewarta|teks|editor foto|dikutip dari|disadur dari)\s*[:：]\s*(?<name>.{1,100}?)\s*\)?\s*\.?\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CreditParagraph();

    [GeneratedRegex(@"\(\s*(?<kind>sumber|source|rilis|foto|editor|penulis|reporter|pewarta)\s*[:：]\s*(?<name>[^()]{1,80})\)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex InlineCredit();

    [GeneratedRegex(@"(?<=[.!?""”]\s*)(?<kind>sumber|source|foto|editor|penulis|reporter|pewarta)\s*[:：]\s*(?<name>[^.()]{1,60}?)\s*\.?\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TrailingCredit();

    [GeneratedRegex(@"\s{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^\s*(?:baca juga|lihat juga|simak juga|berita terkait)\s*[:：]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ReadAlso();

    // "BANJARMASIN, Portal –", "Banjarmasin (ANTARA) -", "KALSEL, 7/5 (MC Kalsel) —": a place,
    // optionally a comma and a short note or date, optionally a bracketed agency, then a dash.
    [GeneratedRegex(@"^\s*[A-Z][A-Za-z.'/ ]{1,40}(?:,\s*[^–—\-\n]{0,40}?)?\s*(?:\([^)]{1,40}\))?\s*[–—-]{1,2}\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Dateline();

    [GeneratedRegex(@"(?<=^|[.!?""”]\s*)\(?(?<name>[A-Z][A-Za-z .]{1,30})/(?<desk>[A-Za-z]{2,6})\)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Signature();
}
