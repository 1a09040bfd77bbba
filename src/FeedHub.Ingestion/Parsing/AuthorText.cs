using System.Text.RegularExpressions;

namespace FeedHub.Ingestion.Parsing;

/// <summary>RSS &lt;author&gt; is specified as "email (Name)", and CMSs also write "Name (email)"
/// or "Name &lt;email&gt;": FeedHub keeps one plain author name, so the address goes when a name
/// is there; a bare address stays (it is all there is).</summary>
internal static partial class AuthorText
{
    public static string? Name(string? author)
    {
        if (string.IsNullOrWhiteSpace(author))
        {
            return null;
        }

        string trimmed = author.Trim();
        // Both forms end in an address's closing bracket: most authors are a plain name, and the
        // two regexes were a tenth of reading an RSS item.
        if (!trimmed.Contains('@', StringComparison.Ordinal) || trimmed[^1] is not (')' or '>'))
        {
            return trimmed;
        }

        Match match = EmailThenName().Match(trimmed);
        if (!match.Success)
        {
            match = NameThenEmail().Match(trimmed);
        }

        return match.Success ? match.Groups["name"].Value.Trim() : trimmed;
    }

    [GeneratedRegex(@"^(?:mailto:)?[^\s()<>@]+@[^\s()<>@]+\s*\((?<name>[^()]*[^\s()][^()]*)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailThenName();

    [GeneratedRegex(@"^(?<name>[^()<>@]*[^\s()<>@][^()<>@]*?)\s*[(<](?:mailto:)?[^\s()<>@]+@[^\s()<>@]+[)>]$", RegexOptions.CultureInvariant)]
    private static partial Regex NameThenEmail();
}
