using System.ComponentModel.DataAnnotations;
using System.Net;

namespace FeedHub.Ingestion.Fetching;

/// <summary>How feeds are fetched; bound from the <c>FeedHub:Fetch</c> configuration section.</summary>
public sealed class FetchOptions : IValidatableObject
{
    public const string SectionName = "FeedHub:Fetch";

    /// <summary>Cap on the decoded (decompressed) body, so a compression bomb stops here.</summary>
    [Range(typeof(long), "1", "1073741824")]
    public long MaxResponseBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Deadline for one fetch, covering connect, headers, every redirect hop and the whole body.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Lets fetches reach loopback, private, link-local... addresses (tests, intranets). Off by default.
    /// Cloud metadata addresses stay refused even then (see <see cref="AllowedPrivateNetworks"/>).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Exceptions to the private-network refusal, as addresses or CIDR ranges ("10.20.0.0/16"),
    /// for an intranet feed host that must be reachable while everything else private stays refused.
    /// A cloud metadata address is reachable only when an entry names it alone (a /32 or /128).</summary>
    public IList<string> AllowedPrivateNetworks { get; init; } = [];

    public const int DefaultMaxItemsPerFeed = 500;

    /// <summary>Items kept from one document, the newest first; the rest are not stored. One huge feed
    /// of minimal items would otherwise store hundreds of thousands of rows in one poll.</summary>
    [Range(1, 100_000)]
    public int MaxItemsPerFeed { get; set; } = DefaultMaxItemsPerFeed;

    /// <summary>A 200 whose body is byte for byte the last one parsed (with nothing else changed that
    /// decides what a parse stores) is recorded without parsing it again: its items are touched and the
    /// poll recorded as that parse would. Off, every 200 is parsed (the kept hash is still written).</summary>
    public bool SkipUnchangedDocuments { get; set; } = true;

    /// <summary>Sent as it is when set; by default <see cref="FetchUserAgent.Build"/> names FeedHub, its
    /// version and <see cref="Contact"/> (filled in when the options are configured).</summary>
    [StringLength(256, MinimumLength = 1)]
    public string? UserAgent { get; set; }

    /// <summary>An e-mail address or URL where publishers reach the operator, put in the default user agent.</summary>
    public string? Contact { get; set; }

    /// <summary>The outbound HTTP proxy every fetch goes through (<c>http://proxy.example:3128</c>, user
    /// info for Basic authentication allowed). When absent, the standard <c>HTTP_PROXY</c>, <c>HTTPS_PROXY</c>
    /// and <c>NO_PROXY</c> variables apply (see <see cref="FetchProxy"/>).</summary>
    public string? Proxy { get; set; }

    /// <summary>Hosts fetched directly although <see cref="Proxy"/> is set: names (covering their
    /// subdomains), addresses, CIDR ranges, or <c>*</c>.</summary>
    public IList<string> NoProxy { get; init; } = [];

    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 8;

    [Range(1, 64)]
    public int MaxConcurrencyPerHost { get; set; } = 2;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (string entry in AllowedPrivateNetworks)
        {
            if (!NetworkAddressPolicy.TryParseNetwork(entry, out _))
            {
                yield return new ValidationResult(
                    $"'{entry}' is neither an IP address nor a CIDR range.",
                    [nameof(AllowedPrivateNetworks)]);
            }
        }

        string? contactProblem = FetchUserAgent.Check(Contact);
        if (contactProblem is not null)
        {
            yield return new ValidationResult(contactProblem, [nameof(Contact)]);
        }

        string? proxyProblem = ProxyProblem();
        if (proxyProblem is not null)
        {
            yield return new ValidationResult(proxyProblem, [nameof(Proxy)]);
        }

        if (UserAgent is not null && (UserAgent.Contains('\r') || UserAgent.Contains('\n')))
        {
            yield return new ValidationResult("The user agent must be a single line.", [nameof(UserAgent)]);
        }
    }

    /// <summary>The proxy setting, or the proxy variables when it is absent, checked at start like every setting.</summary>
    private string? ProxyProblem()
    {
        try
        {
            FetchProxy.Create(this, Environment.GetEnvironmentVariable);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    internal IReadOnlyList<IPNetwork> ParseAllowedPrivateNetworks() =>
        AllowedPrivateNetworks
            .Select(entry => NetworkAddressPolicy.TryParseNetwork(entry, out IPNetwork network)
                ? network
                : throw new InvalidOperationException($"'{entry}' in {nameof(AllowedPrivateNetworks)} is neither an IP address nor a CIDR range."))
            .ToArray();
}
