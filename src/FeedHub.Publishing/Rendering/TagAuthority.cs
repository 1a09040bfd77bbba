using System.Globalization;
using System.Net;
using System.Text;
using FeedHub.Core.Storage;
using FeedHub.Publishing;
using Microsoft.Extensions.Options;

namespace FeedHub.Publishing.Rendering;

/// <summary>The authority of entry ids (<c>tag:AUTHORITY,DATE:story:ID</c>, RFC 4151). A reader
/// that sees an id change takes the entry for a new one, so the authority is chosen once, at the
/// first start (the host of <see cref="PublishingOptions.PublicBaseUrl"/> if set then, else this
/// machine's name), stored, and never taken from a request or from later configuration.</summary>
public sealed partial class TagAuthority(ISettingsStore settings, IOptions<PublishingOptions> options, ILogger<TagAuthority> logger)
{
    public const string SettingName = "publishing.tag_authority";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _value;

    /// <summary>The stored authority, storing the configured choice on the first call ever.</summary>
    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_value is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_value is null)
            {
                string chosen = Choose(options.Value.PublicBaseUrl);
                string stored = await settings.GetOrAddAsync(SettingName, chosen, cancellationToken);
                if (!string.Equals(stored, chosen, StringComparison.Ordinal) && options.Value.PublicBaseUrl is not null)
                {
                    LogKept(stored, chosen);
                }

                _value = stored;
            }

            return _value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What a first start fixes: the public base URL's host, else the machine's name.</summary>
    public static string Choose(Uri? publicBaseUrl) =>
        publicBaseUrl is not null && Normalize(publicBaseUrl.IdnHost) is { } host ? host : FromMachineName();

    public static string FromMachineName() =>
        Normalize(Dns.GetHostName()) ?? Normalize(Environment.MachineName) ?? "localhost";

    /// <summary>A lower-case DNS name (labels of letters, digits and inner dashes) made from
    /// <paramref name="host"/>, or null when nothing usable is left (an IPv6 literal, say).</summary>
    public static string? Normalize(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        string ascii = host.Trim().TrimEnd('.').ToLowerInvariant();
        try
        {
            ascii = new IdnMapping().GetAscii(ascii);
        }
        catch (ArgumentException)
        {
            // Not a valid IDN (an underscore, an empty label): the characters are replaced below.
        }

        var name = new StringBuilder(ascii.Length);
        foreach (string label in ascii.Split('.'))
        {
            string clean = new string([.. label.Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-')]).Trim('-');
            if (clean.Length > 0)
            {
                name.Append(name.Length > 0 ? "." : "").Append(clean);
            }
        }

        return name.Length > 0 ? name.ToString() : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Entry ids keep the tag authority {Authority} fixed at the first start; PublicBaseUrl now names {ConfiguredHost}, which changes links only")]
    private partial void LogKept(string authority, string configuredHost);
}
