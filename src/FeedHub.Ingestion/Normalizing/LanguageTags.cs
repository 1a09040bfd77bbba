using System.Text.RegularExpressions;

namespace FeedHub.Ingestion.Normalizing;

/// <summary>A language as a feed or entry states it, kept only when it has the shape of a BCP 47
/// tag: it is republished as an attribute and a JSON member, so free text ("bahasa indonesia") and
/// markup have no place in it.</summary>
public static partial class LanguageTags
{
    /// <summary>The tag trimmed, with POSIX-style underscores made hyphens ("id_ID" → "id-ID"); null when not a tag.</summary>
    public static string? Normalize(string? language)
    {
        string? tag = language?.Trim().Replace('_', '-');
        return tag is not null && Tag().IsMatch(tag) ? tag : null;
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
