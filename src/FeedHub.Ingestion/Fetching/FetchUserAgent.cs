using System.Reflection;

namespace FeedHub.Ingestion.Fetching;

/// <summary>The user agent feeds see by default: <c>FeedHub/1.2.3</c>, with the operator's contact
/// when one is configured (<c>FeedHub/1.2.3 (+https://ops.example/contact)</c>). A publisher who
/// wants to reach whoever polls them then reaches the operator, not a made-up address.</summary>
public static class FetchUserAgent
{
    public static string Product { get; } = "FeedHub/" + Version();

    public static string Build(string? contact)
    {
        string? link = ContactLink(contact);
        return link is null ? Product : $"{Product} (+{link})";
    }

    /// <summary>Null when <paramref name="contact"/> is acceptable (absent, an e-mail address, or an
    /// http/https URL); otherwise why not.</summary>
    public static string? Check(string? contact)
    {
        if (contact is null)
        {
            return null;
        }

        // The contact goes into a header comment: no spaces, parentheses or line breaks there.
        if (contact.Length is 0 or > 200 || contact.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '(' or ')' or '\\'))
        {
            return "The contact must be an e-mail address or an http/https URL of at most 200 characters, without spaces or parentheses.";
        }

        return ContactLink(contact) is null
            ? "The contact must be an e-mail address (ops@example.org) or an http/https URL."
            : null;
    }

    private static string? ContactLink(string? contact)
    {
        if (string.IsNullOrEmpty(contact))
        {
            return null;
        }

        if (Uri.TryCreate(contact, UriKind.Absolute, out Uri? url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return contact;
        }

        int at = contact.IndexOf('@', StringComparison.Ordinal);
        bool isEmail = at > 0 && at == contact.LastIndexOf('@') && at < contact.Length - 1 && !contact.Contains(':', StringComparison.Ordinal);
        return isEmail ? "mailto:" + contact : null;
    }

    private static string Version()
    {
        string? informational = typeof(FetchUserAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // The build appends "+<commit>"; publishers need the release, not the commit.
        return informational?.Split('+')[0] ?? typeof(FetchUserAgent).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
